import ShoalJSON
import ShoalTestSupport
import Testing

/// Client-relayed matches through real sockets: create, join, data, leave, disconnect.
@Suite struct RelayedMatchTests {
    static let shared: Result<TestNode, any Error> = Result { try TestNode() }

    func player() throws -> (socket: WebSocketTestClient, userID: String) {
        let node = try Self.shared.get()
        let account = try node.client().account()
        return (try WebSocketTestClient(port: node.port, query: "token=\(account.token)"), account.id)
    }

    /// The next match presence event that mentions `userID` in `list` ("joins" or "leaves").
    func presenceEvent(_ socket: WebSocketTestClient, _ list: String, of userID: String) throws -> JSON {
        try socket.next("match_presence_event") { event in
            event[list]?.arrayValue?.contains { $0["user_id"] == .string(userID) } == true
        }
    }

    @Test func createJoinRelayAndLeave() throws {
        let alice = try player()
        let bob = try player()
        let created = try alice.socket.request("1", ["match_create": [:]])
        let match = try #require(created["match"])
        let matchID = try #require(match["match_id"]?.stringValue)
        #expect(matchID.hasSuffix("."))
        #expect(matchID.count == 37)
        #expect(match["self"]?["user_id"] == .string(alice.userID))
        let aliceSession = try #require(match["self"]?["session_id"]?.stringValue)

        let joined = try bob.socket.request("2", ["match_join": ["match_id": .string(matchID)]])
        #expect(joined["match"]?["presences"]?.arrayValue?.map { $0["user_id"] } == [.string(alice.userID)])
        #expect(joined["match"]?["size"] == .int(2))
        let bobSession = try #require(joined["match"]?["self"]?["session_id"]?.stringValue)
        let joinEvent = try presenceEvent(alice.socket, "joins", of: bob.userID)
        #expect(joinEvent["joins"]?.arrayValue?.count == 1)

        // Data goes to the others, never echoed to the sender; op codes are int64 strings, data base64.
        try bob.socket.send(["match_data_send": ["match_id": .string(matchID), "op_code": "5", "data": "aGk="]])
        let data = try alice.socket.next("match_data")
        #expect(data["op_code"] == .string("5"))
        #expect(data["data"] == .string("aGk="))
        #expect(data["presence"]?["session_id"] == .string(bobSession))
        // A presence filter selects the receivers (here the sender itself).
        try alice.socket.send([
            "match_data_send": [
                "match_id": .string(matchID), "op_code": 9,
                "presences": [["user_id": .string(alice.userID), "session_id": .string(aliceSession), "username": "a"]],
            ],
        ])
        #expect(try alice.socket.next("match_data")["op_code"] == .string("9"))

        let left = try bob.socket.request("3", ["match_leave": ["match_id": .string(matchID)]])
        #expect(left == ["cid": "3"])
        let leaveEvent = try presenceEvent(alice.socket, "leaves", of: bob.userID)
        #expect(leaveEvent["leaves"]?[0]?["session_id"] == .string(bobSession))
        alice.socket.close()
        bob.socket.close()
    }

    @Test func disconnectMidMatchIsALeave() throws {
        let alice = try player()
        let bob = try player()
        let matchID = try #require(try alice.socket.request("1", ["match_create": [:]])["match"]?["match_id"]?.stringValue)
        _ = try bob.socket.request("2", ["match_join": ["match_id": .string(matchID)]])
        _ = try presenceEvent(alice.socket, "joins", of: bob.userID)
        bob.socket.close()
        let leave = try presenceEvent(alice.socket, "leaves", of: bob.userID)
        #expect(leave["joins"] == nil)
        alice.socket.close()
    }

    @Test func namedMatchesShareAnID() throws {
        let alice = try player()
        let bob = try player()
        let name = uniqueID("arena")
        let first = try alice.socket.request("1", ["match_create": ["name": .string(name)]])["match"]?["match_id"]
        let second = try bob.socket.request("1", ["match_create": ["name": .string(name)]])["match"]
        #expect(second?["match_id"] == first)
        #expect(second?["presences"]?.arrayValue?.count == 1)
    }

    @Test func joinErrors() throws {
        let alice = try player()
        let empty = try alice.socket.request("1", ["match_join": ["match_id": "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b."]])
        #expect(empty["error"]?["code"] == .int(4))
        #expect(empty["error"]?["message"] == .string("Match not found"))
        let bad = try alice.socket.request("2", ["match_join": ["match_id": "not-a-match"]])
        #expect(bad["error"]?["code"] == .int(3))
        try alice.socket.send(["match_data_send": ["match_id": "bad", "op_code": 1]])
        let error = try alice.socket.receiveEnvelope()
        #expect(error["cid"] == nil)
        #expect(error["error"]?["code"] == .int(3))
    }
}
