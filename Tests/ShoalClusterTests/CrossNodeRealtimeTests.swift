import ShoalJSON
import ShoalTestSupport
import Testing

/// Clients on different nodes of one in-process cluster chat, follow each other, share relayed matches
/// and get notifications as if there were one server.
@Suite struct CrossNodeRealtimeTests {
    /// Revocations travel over the links: the database poll is set too slow to be what a test sees.
    static let shared: Result<TestCluster, any Error> = Result {
        try TestCluster(size: 3, prefix: "rt", revocationPollMilliseconds: 3_600_000)
    }

    /// A new account connected to node `index` of the shared cluster.
    func player(on index: Int, in cluster: TestCluster? = nil, status: Bool = false) throws -> RealtimePlayer {
        try RealtimePlayer(on: (cluster ?? Self.shared.get()).nodes[index], status: status)
    }

    /// Reads envelopes until each wanted event has come, in any order.
    func expectEvents(_ socket: WebSocketTestClient, _ wanted: [(key: String, accept: (JSON) -> Bool)]) throws {
        var missing = wanted
        while !missing.isEmpty {
            let envelope = try socket.receiveEnvelope()
            missing.removeAll { want in envelope[want.key].map(want.accept) ?? false }
        }
    }

    /// `joiner` joins the channel and learns of each of `others`, from the join reply or a later join event.
    /// Returns every user it saw on the way.
    @discardableResult
    func expectToMeet(_ joiner: RealtimePlayer, _ others: RealtimePlayer..., joining join: JSONObject) throws -> Set<String> {
        let reply = try joiner.socket.request(uniqueID("join"), join)
        var seen = userIDs(reply["channel"]?["presences"])
        while !seen.isSuperset(of: others.map(\.userID)) {
            let envelope = try joiner.socket.receiveEnvelope()
            seen.formUnion(userIDs(envelope["channel_presence_event"]?["joins"]))
        }
        return seen
    }

    func userIDs(_ list: JSON?) -> Set<String> {
        Set(list?.arrayValue?.compactMap { $0["user_id"]?.stringValue } ?? [])
    }

    /// Joins a relayed match created on another node: the joiner's node waits briefly for the creator's
    /// presence, which reaches it over a link shortly after the creator's reply.
    func join(_ player: RealtimePlayer, match matchID: String) throws -> JSON {
        let joined = try player.socket.request(uniqueID("join"), ["match_join": ["match_id": .string(matchID)]])
        #expect(joined["error"] == nil, "\(joined)")
        return joined
    }

    func mentions(_ list: JSON?, _ userID: String) -> Bool {
        list?.arrayValue?.contains { $0["user_id"] == .string(userID) } == true
    }

    @Test func chatReachesMembersOnEveryNode() throws {
        let alice = try player(on: 0)
        let bob = try player(on: 1)
        let carol = try player(on: 2)
        let room = uniqueID("lobby")
        let join: JSONObject = ["channel_join": ["target": .string(room), "type": 1]]
        let channelID = try #require(try alice.socket.request("1", join)["channel"]?["id"]?.stringValue)

        // Bob, on another node, learns of Alice in the channel he joins (in the reply, or by an event
        // when her presence reaches his node after his join); Alice sees him arrive.
        try expectToMeet(bob, alice, joining: join)
        _ = try alice.socket.next("channel_presence_event") { mentions($0["joins"], bob.userID) }
        try expectToMeet(carol, alice, bob, joining: join)
        _ = try bob.socket.next("channel_presence_event") { mentions($0["joins"], carol.userID) }

        let ack = try bob.socket.request(
            "2", ["channel_message_send": ["channel_id": .string(channelID), "content": #"{"text":"from node two"}"#]])
        let messageID = try #require(ack["channel_message_ack"]?["message_id"]?.stringValue)
        for member in [alice, bob, carol] {
            let received = try member.socket.next("channel_message")
            #expect(received["message_id"] == .string(messageID))
            #expect(received["sender_id"] == .string(bob.userID))
        }

        #expect(try carol.socket.request("3", ["channel_leave": ["channel_id": .string(channelID)]]) == ["cid": "3"])
        _ = try alice.socket.next("channel_presence_event") { mentions($0["leaves"], carol.userID) }
        _ = try bob.socket.next("channel_presence_event") { mentions($0["leaves"], carol.userID) }

        // A closed socket leaves for the members on the other nodes too.
        bob.socket.close()
        _ = try alice.socket.next("channel_presence_event") { mentions($0["leaves"], bob.userID) }
    }

    @Test func followersOnOtherNodesSeeStatus() throws {
        let bob = try player(on: 1, status: true)
        let alice = try player(on: 0)
        let follow = try alice.socket.request("1", ["status_follow": ["user_ids": [.string(bob.userID)]]])
        #expect(mentions(follow["status"]?["presences"], bob.userID))

        #expect(try bob.socket.request("2", ["status_update": ["status": "in a match"]]) == ["cid": "2"])
        let event = try alice.socket.next("status_presence_event") { mentions($0["joins"], bob.userID) }
        #expect(event["joins"]?[0]?["status"] == .string("in a match"))

        // A follower on a third node sees Bob go offline when his socket closes.
        let carol = try player(on: 2)
        _ = try carol.socket.request("1", ["status_follow": ["user_ids": [.string(bob.userID)]]])
        bob.socket.close()
        _ = try carol.socket.next("status_presence_event") { mentions($0["leaves"], bob.userID) }
    }

    @Test func relayedMatchesSpanNodes() throws {
        let alice = try player(on: 0)
        let bob = try player(on: 2)
        let created = try alice.socket.request("1", ["match_create": [:]])
        let matchID = try #require(created["match"]?["match_id"]?.stringValue)

        let joined = try self.join(bob, match: matchID)
        #expect(mentions(joined["match"]?["presences"], alice.userID))
        _ = try alice.socket.next("match_presence_event") { mentions($0["joins"], bob.userID) }

        try bob.socket.send(["match_data_send": ["match_id": .string(matchID), "op_code": 7, "data": "aGVsbG8="]])
        let data = try alice.socket.next("match_data")
        #expect(data["op_code"] == .string("7"))
        #expect(data["data"] == .string("aGVsbG8="))
        #expect(data["presence"]?["user_id"] == .string(bob.userID))

        #expect(try alice.socket.request("2", ["match_leave": ["match_id": .string(matchID)]]) == ["cid": "2"])
        _ = try bob.socket.next("match_presence_event") { mentions($0["leaves"], alice.userID) }
    }

    @Test func joinsRightAfterCreationOnAnotherNodeSucceed() throws {
        let host = try player(on: 0)
        let guest = try player(on: 1)
        for round in 0..<10 {
            let created = try host.socket.request("c\(round)", ["match_create": [:]])
            let matchID = try #require(created["match"]?["match_id"]?.stringValue)
            _ = try join(guest, match: matchID)
            #expect(try guest.socket.request("l\(round)", ["match_leave": ["match_id": .string(matchID)]]) == ["cid": .string("l\(round)")])
            #expect(try host.socket.request("h\(round)", ["match_leave": ["match_id": .string(matchID)]]) == ["cid": .string("h\(round)")])
        }
        // A match nobody is in is still not found, after the wait.
        let missing = try guest.socket.request("m", ["match_join": ["match_id": "7f8d0e6a-3c1b-4c55-9a4e-2b1d6f0c9e11."]])
        #expect(missing["error"]?["code"] == .int(4))
    }

    @Test func notificationsReachSocketsOnOtherNodes() throws {
        let receiver = try player(on: 2)
        let cluster = try Self.shared.get()
        let sender = try cluster.nodes[0].client().account()
        let response = try cluster.nodes[0].client().request(
            "POST", "/v2/friend?ids=\(receiver.userID)", headers: bearer(sender.token))
        #expect(response.status == 200)
        let notification = try receiver.socket.next("notifications")
        #expect(notification["notifications"]?[0]?["code"] == .int(-2))
        #expect(notification["notifications"]?[0]?["sender_id"] == .string(sender.id))
    }

    @Test func aLogoutIsRefusedAtOnceOnTheOtherNodes() throws {
        let cluster = try Self.shared.get()
        let account = try cluster.nodes[0].client().account()
        #expect(try cluster.nodes[2].client().request("GET", "/v2/account", headers: bearer(account.token)).status == 200)
        let logout = try cluster.nodes[0].client().request(
            "POST", "/v2/session/logout", headers: bearer(account.token), json: ["token": .string(account.token)])
        #expect(logout.status == 200)
        #expect(try waitUntil(seconds: 5) {
            try cluster.nodes.allSatisfy { try $0.client().request("GET", "/v2/account", headers: bearer(account.token)).status == 401 }
        })
    }

    @Test func linkFiguresAreLogged() throws {
        let node = try Self.shared.get().nodes[1]
        #expect(waitUntil { node.logs.containing("cluster metrics").last?.contains(#""links_up":"2""#) == true })
        let report = node.logs.containing("cluster metrics").last ?? ""
        for field in ["link_queue_bytes", "link_queue_max_bytes", "link_reconnects", "link_overflows", "link_undelivered_messages"] {
            #expect(report.contains(#""\#(field)":"#), "\(field)")
        }
    }

    @Test func singleSocketHoldsAcrossNodes() throws {
        let cluster = try TestCluster(size: 2, prefix: "ss") { $0.session.singleSocket = true }
        defer { cluster.stop() }
        let account = try cluster.nodes[0].client().account()
        let observer = try player(on: 1, in: cluster)
        _ = try observer.socket.request("1", ["status_follow": ["user_ids": [.string(account.id)]]])
        let first = try WebSocketTestClient(port: cluster.nodes[0].port, query: "token=\(account.token)")
        #expect(try first.request("1", ["status_update": ["status": "here"]]) == ["cid": "1"])
        // Once node 2 shows the first socket's status, it knows that socket (its presences come in order).
        _ = try observer.socket.next("status_presence_event") { $0["joins"]?[0]?["status"] == .string("here") }
        let second = try WebSocketTestClient(port: cluster.nodes[1].port, query: "token=\(account.token)")
        do {
            while true { _ = try first.receiveEnvelope() }
        } catch let closed as WebSocketTestClient.Closed {
            #expect(closed.reason.contains("single socket"))
        }
        #expect(try second.request("1", ["status_update": ["status": "still here"]]) == ["cid": "1"])
    }

    @Test func aStoppingNodesClientsLeaveEverywhere() throws {
        let cluster = try TestCluster(size: 2, prefix: "st")
        defer { cluster.stop() }
        let alice = try player(on: 0, in: cluster)
        let bob = try player(on: 1, in: cluster)
        let room = uniqueID("room")
        let join: JSONObject = ["channel_join": ["target": .string(room), "type": 1]]
        _ = try alice.socket.request("1", join)
        try expectToMeet(bob, alice, joining: join)
        let matchID = try #require(try bob.socket.request("2", ["match_create": [:]])["match"]?["match_id"]?.stringValue)
        _ = try self.join(alice, match: matchID)

        // A graceful stop: Bob's socket is closed and the other node sees him leave everything.
        cluster.nodes[1].stop()
        let bobLeft: (JSON) -> Bool = { mentions($0["leaves"], bob.userID) }
        try expectEvents(alice.socket, [("channel_presence_event", bobLeft), ("match_presence_event", bobLeft)])
        #expect(waitUntil { cluster.nodes[0].node.clusterMembers.first { $0.name == cluster.names[1] }?.status == .left })
    }

    @Test func aDeadNodesPresencesLeaveEverywhere() throws {
        let cluster = try TestCluster(size: 3, prefix: "dd")
        defer { cluster.stop() }
        let alice = try player(on: 0, in: cluster)
        let bob = try player(on: 1, in: cluster)
        let carol = try player(on: 2, in: cluster, status: true)
        let room = uniqueID("room")
        let join: JSONObject = ["channel_join": ["target": .string(room), "type": 1]]
        _ = try alice.socket.request("1", join)
        _ = try bob.socket.request("1", join)
        _ = try carol.socket.request("1", join)
        let matchID = try #require(try alice.socket.request("2", ["match_create": [:]])["match"]?["match_id"]?.stringValue)
        _ = try self.join(carol, match: matchID)
        _ = try alice.socket.request("3", ["status_follow": ["user_ids": [.string(carol.userID)]]])

        // Carol's node crashes: no leave is announced; gossip finds it dead.
        cluster.nodes[2].node.stopWithoutLeaving()
        let carolLeft: (JSON) -> Bool = { mentions($0["leaves"], carol.userID) }
        try expectEvents(
            alice.socket,
            [("channel_presence_event", carolLeft), ("match_presence_event", carolLeft), ("status_presence_event", carolLeft)])
        try expectEvents(bob.socket, [("channel_presence_event", carolLeft)])
        // The survivors still talk across their own nodes.
        let channelID = "2...\(room)"
        _ = try alice.socket.request("4", ["channel_message_send": ["channel_id": .string(channelID), "content": "{}"]])
        _ = try bob.socket.next("channel_message")
        // A node that joins later sees no trace of the dead node's sessions.
        let late = try TestCluster.node(
            uniqueName("dd"), join: [cluster.nodes[0].node.gossipPort], database: cluster.nodes[0])
        defer { late.stop() }
        let daveAccount = try late.client().account()
        let dave = RealtimePlayer(
            socket: try WebSocketTestClient(port: late.port, query: "token=\(daveAccount.token)"), userID: daveAccount.id,
            token: daveAccount.token)
        #expect(waitUntil { late.node.linkedPeers.count == 2 })
        let seen = try expectToMeet(dave, alice, bob, joining: join)
        #expect(!seen.contains(carol.userID))
    }
}


