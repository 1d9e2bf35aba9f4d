import ShoalJSON
import ShoalProtocol
import Testing

@Suite struct EnvelopeDecodingTests {
    private func decode(_ text: String) throws -> ClientEnvelope { try ClientEnvelope.decode(text) }

    @Test func channelJoinInSnakeAndCamelCase() throws {
        let snake = try decode(#"{"cid":"1","channel_join":{"target":"lobby","type":1,"persistence":false,"hidden":true}}"#)
        let camel = try decode(#"{"cid":"1","channelJoin":{"target":"lobby","type":1,"persistence":false,"hidden":true}}"#)
        let expected = ClientEnvelope(
            cid: "1", message: .channelJoin(.init(target: "lobby", type: 1, persistence: false, hidden: true)))
        #expect(snake == expected)
        #expect(camel == expected)
    }

    @Test func channelJoinWrappersStayAbsentAndTypeZeroIsARoom() throws {
        let envelope = try decode(#"{"channel_join":{"target":"lobby"}}"#)
        guard case .channelJoin(let join) = envelope.message else { Issue.record("not a channel_join"); return }
        #expect(join.persistence == nil && join.hidden == nil)
        #expect(join.type == 0 && join.joinType == .room)
        #expect(RealtimeRequest.ChannelJoin(target: "", type: 2).joinType == .directMessage)
        #expect(RealtimeRequest.ChannelJoin(target: "", type: 3).joinType == .group)
        #expect(RealtimeRequest.ChannelJoin(target: "", type: 9).joinType == nil)
        #expect(envelope.cid == nil)
    }

    @Test func channelMessages() throws {
        #expect(try decode(#"{"channel_leave":{"channel_id":"2...lobby"}}"#).message
            == .channelLeave(.init(channelID: "2...lobby")))
        #expect(try decode(#"{"channelMessageSend":{"channelId":"2...lobby","content":"{\"a\":1}"}}"#).message
            == .channelMessageSend(.init(channelID: "2...lobby", content: #"{"a":1}"#)))
        #expect(try decode(#"{"channel_message_update":{"channel_id":"c","message_id":"m","content":"{}"}}"#).message
            == .channelMessageUpdate(.init(channelID: "c", messageID: "m", content: "{}")))
        #expect(try decode(#"{"channel_message_remove":{"channelId":"c","messageId":"m"}}"#).message
            == .channelMessageRemove(.init(channelID: "c", messageID: "m")))
    }

    @Test func matchCreateWithAndWithoutName() throws {
        #expect(try decode(#"{"cid":"2","match_create":{}}"#).message == .matchCreate(.init()))
        #expect(try decode(#"{"match_create":{"name":"arena"}}"#).message == .matchCreate(.init(name: "arena")))
    }

    @Test func matchJoinByIDOrToken() throws {
        #expect(try decode(#"{"match_join":{"match_id":"abc.","metadata":{"k":"v"}}}"#).message
            == .matchJoin(.init(target: .matchID("abc."), metadata: ["k": "v"])))
        #expect(try decode(#"{"matchJoin":{"token":"jwt"}}"#).message == .matchJoin(.init(target: .token("jwt"))))
        #expect(try decode(#"{"match_join":{}}"#).message == .matchJoin(.init(target: nil)))
        #expect(throws: EnvelopeError.self) { try decode(#"{"match_join":{"match_id":"a.","token":"t"}}"#) }
        #expect(try decode(#"{"match_leave":{"matchId":"abc."}}"#).message == .matchLeave(.init(matchID: "abc.")))
    }

    @Test(arguments: [#""op_code":"7""#, #""op_code":7"#, #""opCode":"7""#, #""opCode":7.0"#])
    func matchDataSendOpCodeAsStringOrNumber(_ opCode: String) throws {
        let envelope = try decode(#"{"match_data_send":{"match_id":"m.",\#(opCode),"data":"aGk="}}"#)
        #expect(envelope.message == .matchDataSend(.init(matchID: "m.", opCode: 7, data: Array("hi".utf8))))
    }

    /// 0xfb 0xff 0xfe encodes to "+//+" in the standard alphabet and "-__-" in the URL one.
    @Test(arguments: ["+//+", "-__-", "+//+/w==", "+//+/w", "-__-_w"])
    func matchDataSendAcceptsBothBase64AlphabetsPaddedOrNot(_ data: String) throws {
        let envelope = try decode(#"{"match_data_send":{"match_id":"m.","op_code":"1","data":"\#(data)"}}"#)
        guard case .matchDataSend(let send) = envelope.message else { Issue.record("not match_data_send"); return }
        #expect(Array(send.data.prefix(3)) == [0xFB, 0xFF, 0xFE])
        #expect(send.data.count == (data.count > 4 ? 4 : 3))
        if send.data.count == 4 { #expect(send.data[3] == 0xFF) }
    }

    @Test func matchDataSendPresencesAndReliable() throws {
        let text = #"""
            {"match_data_send":{"match_id":"m.","op_code":"3","presences":[
              {"user_id":"u1","session_id":"s1","username":"alice"},
              {"userId":"u2","sessionId":"s2","username":"bob","persistence":true,"status":""}],"reliable":true}}
            """#
        let expected = RealtimeRequest.MatchDataSend(
            matchID: "m.", opCode: 3,
            presences: [
                UserPresence(userID: "u1", sessionID: "s1", username: "alice"),
                UserPresence(userID: "u2", sessionID: "s2", username: "bob", persistence: true, status: ""),
            ], reliable: true)
        #expect(try decode(text).message == .matchDataSend(expected))
    }

    @Test func statusMessages() throws {
        #expect(try decode(#"{"status_follow":{"user_ids":["a","b"],"usernames":["c"]}}"#).message
            == .statusFollow(.init(userIDs: ["a", "b"], usernames: ["c"])))
        #expect(try decode(#"{"statusUnfollow":{"userIds":["a"]}}"#).message == .statusUnfollow(.init(userIDs: ["a"])))
        #expect(try decode(#"{"status_update":{"status":"busy"}}"#).message == .statusUpdate(.init(status: "busy")))
    }

    @Test func statusUpdateTellsAbsentFromEmpty() throws {
        #expect(try decode(#"{"status_update":{}}"#).message == .statusUpdate(.init(status: nil)))
        #expect(try decode(#"{"status_update":{"status":null}}"#).message == .statusUpdate(.init(status: nil)))
        #expect(try decode(#"{"status_update":{"status":""}}"#).message == .statusUpdate(.init(status: "")))
    }

    @Test func rpcPingAndPong() throws {
        #expect(try decode(#"{"cid":"9","rpc":{"id":"echo","payload":"{}","http_key":"k"}}"#)
            == ClientEnvelope(cid: "9", message: .rpc(RealtimeRPC(id: "echo", payload: "{}", httpKey: "k"))))
        #expect(try decode(#"{"rpc":{"id":"echo","httpKey":"k"}}"#).message == .rpc(RealtimeRPC(id: "echo", httpKey: "k")))
        #expect(try decode(#"{"cid":"3","ping":{}}"#) == ClientEnvelope(cid: "3", message: .ping))
        #expect(try decode(#"{"pong":{}}"#).message == .pong)
    }

    @Test func decodesBytesAsWellAsStrings() throws {
        #expect(try ClientEnvelope.decode(Array(#"{"cid":"4","ping":{}}"#.utf8)) == ClientEnvelope(cid: "4", message: .ping))
    }

    @Test func emptyCidIsNoCid() throws {
        #expect(try decode(#"{"cid":"","ping":{}}"#).cid == nil)
        #expect(try decode(#"{"cid":null,"ping":{}}"#).cid == nil)
    }

    @Test func unknownKeysAreIgnoredInTheEnvelopeAndInMessages() throws {
        let envelope = try decode(#"{"cid":"1","trace":"x","channel_leave":{"channel_id":"c","extra":[1,{}]}}"#)
        #expect(envelope == ClientEnvelope(cid: "1", message: .channelLeave(.init(channelID: "c"))))
    }

    @Test(arguments: [
        "", "not json", "[]", #""ping""#, #"{"ping":{}"#,
        #"{"cid":5,"ping":{}}"#,
        #"{"ping":[]}"#,
        #"{"ping":{},"pong":{}}"#,
        #"{"channel_join":{},"channelJoin":{}}"#,
        #"{"channel_join":{"target":5}}"#,
        #"{"channel_join":{"type":"room"}}"#,
        #"{"channel_join":{"type":4294967296}}"#,
        #"{"channel_join":{"persistence":"true"}}"#,
        #"{"match_data_send":{"op_code":"x"}}"#,
        #"{"match_data_send":{"data":"!!!!"}}"#,
        #"{"match_data_send":{"data":"a"}}"#,
        #"{"match_data_send":{"presences":["s1"]}}"#,
        #"{"match_join":{"metadata":{"k":1}}}"#,
        #"{"status_follow":{"user_ids":"a"}}"#,
    ])
    func malformedFramesAreRejected(_ text: String) {
        let error = #expect(throws: EnvelopeError.self) { try decode(text) }
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(error?.errorMessage == nil)
        #expect(error?.cid == nil)
    }

    @Test func missingPayloadKeepsTheCid() {
        for text in [#"{"cid":"7"}"#, #"{"cid":"7","ping":null}"#, #"{"cid":"7","unknown":{}}"#] {
            let error = #expect(throws: EnvelopeError.self) { try decode(text) }
            #expect(error == .missingPayload(cid: "7"))
            #expect(error?.errorMessage == RealtimeErrorMessage(.missingPayload, "Missing message."))
            #expect(error?.cid == "7")
        }
        #expect(throws: EnvelopeError.missingPayload(cid: nil)) { try decode("{}") }
    }

    @Test(arguments: ["matchmaker_add", "party_create", "partyCreate", "channel_message", "notifications", "error"])
    func nakamaMessagesShoalDoesNotAcceptAreUnrecognized(_ key: String) {
        let error = #expect(throws: EnvelopeError.self) { try decode(#"{"cid":"8","\#(key)":{}}"#) }
        guard case .unrecognizedPayload(let found, let cid) = error else {
            Issue.record("expected unrecognizedPayload, got \(String(describing: error))")
            return
        }
        #expect(found == (key == "partyCreate" ? "party_create" : key))
        #expect(cid == "8")
        #expect(error?.errorMessage == RealtimeErrorMessage(.unrecognizedPayload, "Unrecognized message."))
    }
}

