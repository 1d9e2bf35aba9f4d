import ShoalJSON
import ShoalProtocol
import Testing

@Suite struct EnvelopeRoundTripTests {
    static let requests: [RealtimeRequest] = [
        .channelJoin(.init(target: "lobby", type: 1, persistence: false, hidden: false)),
        .channelJoin(.init(target: "11111111-1111-4111-8111-111111111111", type: 2)),
        .channelLeave(.init(channelID: "2...lobby")),
        .channelMessageSend(.init(channelID: "2...lobby", content: #"{"text":"hi"}"#)),
        .channelMessageUpdate(.init(channelID: "2...lobby", messageID: "m", content: "{}")),
        .channelMessageRemove(.init(channelID: "2...lobby", messageID: "m")),
        .matchCreate(.init()),
        .matchCreate(.init(name: "arena")),
        .matchJoin(.init(target: .matchID("m."), metadata: ["a": "b", "c": "d"])),
        .matchJoin(.init(target: .token(""))),
        .matchJoin(.init(target: nil)),
        .matchLeave(.init(matchID: "m.")),
        .matchDataSend(.init(
            matchID: "m.", opCode: Int64.max, data: Array(0...255),
            presences: [UserPresence(userID: "u", sessionID: "s", username: "n", persistence: true, status: "")],
            reliable: true)),
        .matchDataSend(.init(matchID: "m.", opCode: -1)),
        .statusFollow(.init(userIDs: ["a", "b"], usernames: ["c"])),
        .statusUnfollow(.init(userIDs: ["a"])),
        .statusUpdate(.init(status: nil)),
        .statusUpdate(.init(status: "")),
        .statusUpdate(.init(status: "away")),
        .rpc(RealtimeRPC(id: "echo", payload: "{}", httpKey: "k")),
        .ping,
        .pong,
    ]

    @Test(arguments: requests)
    func requestSurvivesJSONAndText(_ request: RealtimeRequest) throws {
        #expect(try RealtimeRequest(json: request.json) == request)
        let envelope = ClientEnvelope(cid: "42", message: request)
        let text = JSONWriter.write(envelope.json)
        #expect(try ClientEnvelope.decode(text) == envelope)
    }

    @Test func requestJSONFollowsProtojsonOutputRules() throws {
        let send = RealtimeRequest.matchDataSend(.init(matchID: "m.", opCode: 5, data: [0x68, 0x69]))
        #expect(send.json == (try JSONParser.parse(#"{"match_data_send":{"match_id":"m.","op_code":"5","data":"aGk="}}"#)))
        let join = RealtimeRequest.channelJoin(.init(target: "lobby", type: 0, persistence: false))
        #expect(join.payloadJSON == (try JSONParser.parse(#"{"target":"lobby","persistence":false}"#)))
        #expect(RealtimeRequest.statusUpdate(.init(status: "")).payloadJSON == (try JSONParser.parse(#"{"status":""}"#)))
        #expect(RealtimeRequest.ping.json == (try JSONParser.parse(#"{"ping":{}}"#)))
        let envelope = ClientEnvelope(cid: "1", message: .matchLeave(.init(matchID: "m.")))
        #expect(envelope.json == (try JSONParser.parse(#"{"cid":"1","match_leave":{"match_id":"m."}}"#)))
    }

    @Test func aHookCanRewriteARequestThroughJSON() throws {
        let original = RealtimeRequest.channelMessageSend(.init(channelID: "2...lobby", content: #"{"text":"darn"}"#))
        guard case .object(var envelope) = original.json, case .object(var payload)? = envelope["channel_message_send"]
        else {
            Issue.record("request json is not an envelope object")
            return
        }
        payload["content"] = .string(#"{"text":"****"}"#)
        envelope["channel_message_send"] = .object(payload)
        #expect(try RealtimeRequest(json: .object(envelope))
            == .channelMessageSend(.init(channelID: "2...lobby", content: #"{"text":"****"}"#)))
    }

    @Test func everyRequestHasOneKeyAndHookName() {
        let names = Self.requests.map(\.hookName)
        #expect(names.contains("ChannelJoin") && names.contains("MatchDataSend") && names.contains("StatusUpdate"))
        #expect(RealtimeRequest.rpc(RealtimeRPC(id: "x")).hookName == nil)
        #expect(RealtimeRequest.ping.hookName == "Ping")
        for request in Self.requests {
            if let hookName = request.hookName {
                // The hook name is the key in UpperCamel form.
                let camel = request.key.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
                #expect(hookName == camel)
            }
        }
    }
}
