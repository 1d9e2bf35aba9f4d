import ShoalCore
import ShoalJSON
import ShoalProtocol
import Testing

@Suite struct EnvelopeEncodingTests {
    let alice = UserPresence(userID: "u-alice", sessionID: "s-alice", username: "alice", persistence: true)
    let bob = UserPresence(userID: "u-bob", sessionID: "s-bob", username: "bob")
    let userA = UserID("11111111-1111-4111-8111-111111111111")!
    let userB = UserID("22222222-2222-4222-8222-222222222222")!
    let group = UUIDValue("33333333-3333-4333-8333-333333333333")!
    let messageID = UUIDValue("44444444-4444-4444-8444-444444444444")!
    let created = Timestamp(seconds: 1_714_557_600)

    /// The frame `envelope` encodes to, parsed, must equal `expected` parsed (key order is free).
    private func expectFrame(
        _ envelope: ServerEnvelope, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let actual = try JSONParser.parse(envelope.encoded())
        #expect(actual == (try JSONParser.parse(expected)), sourceLocation: sourceLocation)
    }

    private let aliceJSON = #"{"user_id":"u-alice","session_id":"s-alice","username":"alice","persistence":true}"#
    private let bobJSON = #"{"user_id":"u-bob","session_id":"s-bob","username":"bob"}"#

    @Test func channelReplyForEachChannelKind() throws {
        let room = RealtimeEvent.Channel(id: ChannelID(.room("lobby")), presences: [bob], selfPresence: alice)
        try expectFrame(
            .reply(to: "1", .channel(room)),
            #"{"cid":"1","channel":{"id":"2...lobby","presences":[\#(bobJSON)],"self":\#(aliceJSON),"room_name":"lobby"}}"#)
        let groupChannel = RealtimeEvent.Channel(id: ChannelID(.group(group)), presences: [], selfPresence: alice)
        try expectFrame(
            .reply(to: "2", .channel(groupChannel)),
            #"{"cid":"2","channel":{"id":"3.\#(group)..","self":\#(aliceJSON),"group_id":"\#(group)"}}"#)
        let direct = RealtimeEvent.Channel(id: ChannelID(.direct(userB, userA)), presences: [], selfPresence: alice)
        try expectFrame(
            .reply(to: "3", .channel(direct)),
            #"{"cid":"3","channel":{"id":"4.\#(userA).\#(userB).","self":\#(aliceJSON),"user_id_one":"\#(userA)","user_id_two":"\#(userB)"}}"#)
    }

    @Test func channelMessageEventAndAck() throws {
        let message = ChannelMessage(
            channel: ChannelID(.room("lobby")), id: messageID, senderID: userA, username: "alice", content: #"{"a":1}"#,
            createTime: created, updateTime: created, persistent: false)
        try expectFrame(
            .push(.channelMessage(message)),
            #"""
            {"channel_message":{"channel_id":"2...lobby","message_id":"\#(messageID)","code":0,"sender_id":"\#(userA)",
             "username":"alice","content":"{\"a\":1}","create_time":"2024-05-01T10:00:00Z",
             "update_time":"2024-05-01T10:00:00Z","persistent":false,"room_name":"lobby"}}
            """#)
        try expectFrame(
            .reply(to: "4", .channelMessageAck(message)),
            #"""
            {"cid":"4","channel_message_ack":{"channel_id":"2...lobby","message_id":"\#(messageID)","code":0,
             "username":"alice","create_time":"2024-05-01T10:00:00Z","update_time":"2024-05-01T10:00:00Z",
             "persistent":false,"room_name":"lobby"}}
            """#)
    }

    @Test func channelPresenceEvent() throws {
        let event = RealtimeEvent.ChannelPresenceEvent(channel: ChannelID(.group(group)), joins: [alice], leaves: [bob])
        try expectFrame(
            .push(.channelPresenceEvent(event)),
            #"{"channel_presence_event":{"channel_id":"3.\#(group)..","joins":[\#(aliceJSON)],"leaves":[\#(bobJSON)],"group_id":"\#(group)"}}"#)
    }

    @Test func matchReplyRelayedAndAuthoritative() throws {
        let relayed = RealtimeEvent.Match(matchID: "m1.", size: 2, presences: [bob], selfPresence: alice)
        try expectFrame(
            .reply(to: "5", .match(relayed)),
            #"{"cid":"5","match":{"match_id":"m1.","size":2,"presences":[\#(bobJSON)],"self":\#(aliceJSON)}}"#)
        let authoritative = RealtimeEvent.Match(
            matchID: "m2.node", authoritative: true, label: "", size: 1, presences: [], selfPresence: alice)
        try expectFrame(
            .reply(to: "6", .match(authoritative)),
            #"{"cid":"6","match":{"match_id":"m2.node","authoritative":true,"label":"","size":1,"self":\#(aliceJSON)}}"#)
    }

    @Test func matchDataQuotesOpCodeAndBase64sData() throws {
        let data = RealtimeEvent.MatchData(
            matchID: "m1.", presence: alice, opCode: 9_007_199_254_740_993, data: [0xFB, 0xFF, 0xFE, 0xFF], reliable: true)
        try expectFrame(
            .push(.matchData(data)),
            #"{"match_data":{"match_id":"m1.","presence":\#(aliceJSON),"op_code":"9007199254740993","data":"+//+/w==","reliable":true}}"#)
        let serverSent = RealtimeEvent.MatchData(matchID: "m2.node", presence: nil, opCode: 0, data: [], reliable: false)
        try expectFrame(.push(.matchData(serverSent)), #"{"match_data":{"match_id":"m2.node"}}"#)
    }

    @Test func matchPresenceEvent() throws {
        let event = RealtimeEvent.MatchPresenceEvent(matchID: "m1.", joins: [alice])
        try expectFrame(.push(.matchPresenceEvent(event)), #"{"match_presence_event":{"match_id":"m1.","joins":[\#(aliceJSON)]}}"#)
    }

    @Test func statusReplyAndEventWriteTheStatusWrapper() throws {
        var online = bob
        online.status = ""
        var busy = alice
        busy.status = "busy"
        try expectFrame(
            .reply(to: "7", .status([online])),
            #"{"cid":"7","status":{"presences":[{"user_id":"u-bob","session_id":"s-bob","username":"bob","status":""}]}}"#)
        try expectFrame(.reply(to: "8", .status([])), #"{"cid":"8","status":{}}"#)
        try expectFrame(
            .push(.statusPresenceEvent(.init(joins: [busy], leaves: [online]))),
            #"""
            {"status_presence_event":{
              "joins":[{"user_id":"u-alice","session_id":"s-alice","username":"alice","persistence":true,"status":"busy"}],
              "leaves":[{"user_id":"u-bob","session_id":"s-bob","username":"bob","status":""}]}}
            """#)
    }

    @Test func notifications() throws {
        let record = NotificationRecord(
            id: messageID, userID: userB, subject: "alice wants to chat", content: #"{"username":"alice"}"#, code: -1,
            senderID: userA, createTime: created, persistent: true)
        try expectFrame(
            .push(.notifications([record])),
            #"""
            {"notifications":{"notifications":[{"id":"\#(messageID)","subject":"alice wants to chat",
             "content":"{\"username\":\"alice\"}","code":-1,"sender_id":"\#(userA)",
             "create_time":"2024-05-01T10:00:00Z","persistent":true}]}}
            """#)
    }

    @Test func rpcAndPong() throws {
        try expectFrame(
            .reply(to: "9", .rpc(RealtimeRPC(id: "echo", payload: #"{"x":1}"#))),
            #"{"cid":"9","rpc":{"id":"echo","payload":"{\"x\":1}"}}"#)
        try expectFrame(.reply(to: "10", .pong), #"{"cid":"10","pong":{}}"#)
    }

    @Test func errorOmitsCodeZeroAndEmptyContext() throws {
        try expectFrame(
            .reply(to: "11", .error(RealtimeErrorMessage(.badInput, "Invalid channel identifier", context: ["k": "v"]))),
            #"{"cid":"11","error":{"code":3,"message":"Invalid channel identifier","context":{"k":"v"}}}"#)
        try expectFrame(
            .reply(to: "12", .error(RealtimeErrorMessage(.runtimeException, "Error adding to matchmaker"))),
            #"{"cid":"12","error":{"message":"Error adding to matchmaker"}}"#)
        #expect(RealtimeErrorCode.allCases.map(\.rawValue) == Array(0...7))
    }

    @Test func streamDataAndPresenceEvent() throws {
        let stream = RealtimeStream(mode: 20, subject: "s", label: "l")
        try expectFrame(
            .push(.streamData(.init(stream: stream, sender: bob, data: "hello", reliable: true))),
            #"{"stream_data":{"stream":{"mode":20,"subject":"s","label":"l"},"sender":\#(bobJSON),"data":"hello","reliable":true}}"#)
        try expectFrame(
            .push(.streamData(.init(stream: stream, data: "x", reliable: false))),
            #"{"stream_data":{"stream":{"mode":20,"subject":"s","label":"l"},"data":"x"}}"#)
        try expectFrame(
            .push(.streamPresenceEvent(.init(stream: stream, leaves: [bob]))),
            #"{"stream_presence_event":{"stream":{"mode":20,"subject":"s","label":"l"},"leaves":[\#(bobJSON)]}}"#)
    }

    @Test func cidEchoRules() throws {
        // A cid-only ack is the whole reply.
        #expect(String(decoding: ServerEnvelope.reply(to: "5", .ack).encoded(), as: UTF8.self) == #"{"cid":"5"}"#)
        // A request without a cid gets replies without one, like a pushed event.
        try expectFrame(.reply(to: nil, .ack), "{}")
        try expectFrame(.reply(to: nil, .pong), #"{"pong":{}}"#)
        // protojson omits an empty cid.
        try expectFrame(ServerEnvelope(cid: "", event: .pong), #"{"pong":{}}"#)
        // Pushed events never carry a cid.
        #expect(ServerEnvelope.push(.pong).cid == nil)
        try expectFrame(.push(.matchPresenceEvent(.init(matchID: "m."))), #"{"match_presence_event":{"match_id":"m."}}"#)
        // An envelope error echoes the cid the frame carried.
        let error = #expect(throws: EnvelopeError.self) { try ClientEnvelope.decode(#"{"cid":"13","party_join":{}}"#) }
        let reply = try #require(error.flatMap { failure in failure.errorMessage.map { ServerEnvelope.reply(to: failure.cid, .error($0)) } })
        try expectFrame(reply, #"{"cid":"13","error":{"code":1,"message":"Unrecognized message."}}"#)
    }
}
