import ShoalPresence
import ShoalRouting
import Testing

/// Link payloads round-trip, carry the sender as every presence's node, and refuse anything malformed.
@Suite struct ClusterMessageCodecTests {
    let room = PresenceStream(mode: PresenceStream.modeChannel, label: "lobby")
    let direct = PresenceStream(mode: PresenceStream.modeDirect, subject: "u1", subcontext: "u2")

    func presence(_ session: String, node: String = "b", on stream: PresenceStream) -> Presence {
        Presence(
            id: PresenceID(node: node, sessionID: session), stream: stream,
            meta: PresenceMeta(userID: "u1", username: "ann", format: "json", hidden: true, persistence: true, status: "busy"))
    }

    @Test func everyMessageRoundTrips() {
        let messages: [ClusterMessage] = [
            .presenceSync([presence("s1", on: room), presence("s2", on: direct)], isLast: true),
            .presenceSync([], isLast: false),
            .track(presence("s1", on: room)),
            .track(Presence(
                id: PresenceID(node: "b", sessionID: "s3"), stream: PresenceStream(mode: 200),
                meta: PresenceMeta(userID: "u3", username: "zed"))),
            .update(presence("s1", on: direct)),
            .untrack(sessionID: "s1", stream: room),
            .sessionClosed(sessionID: "s1"),
            .streamClosed(PresenceStream(mode: 9, subject: "x", subcontext: "y", label: "z")),
            .deliver(text: #"{"channel_message":{"content":"{\"hi\":\"✓\"}"}}"#, sessionIDs: ["s1", "s2"]),
            .closeSessions(["s1"], reason: "single socket"),
            .sessionsRevoked([.token(id: "t1", expiresAt: 1_700_000_000), .userFloor(userID: "u1", notBefore: 1_700_000_001)]),
            .sessionsRevoked([]),
        ]
        for message in messages {
            #expect(ClusterMessageCodec.decode(ClusterMessageCodec.encode(message), from: "b") == message)
        }
    }

    @Test func presencesTakeTheSenderAsTheirNode() {
        let sent = ClusterMessage.track(presence("s1", node: "forged", on: room))
        guard case .track(let received)? = ClusterMessageCodec.decode(ClusterMessageCodec.encode(sent), from: "b") else {
            Issue.record("not decoded")
            return
        }
        #expect(received.id.node == "b")
    }

    @Test func malformedPayloadsAreRefused() {
        let payloads = [
            "", "null", "[]", "{}", #"{"t":"nope"}"#, #"{"t":"track"}"#, #"{"t":"track","p":{"s":"s1"}}"#,
            #"{"t":"untrack","s":"s1","st":{"m":256}}"#, #"{"t":"untrack","s":"s1","st":{"m":-1}}"#,
            #"{"t":"track","p":{"s":"s1","st":{"m":2},"u":"u","n":"n","h":"yes"}}"#,
            #"{"t":"sync","p":[{"s":1}],"last":true}"#, #"{"t":"sync","p":[]}"#, #"{"t":"deliver","x":"a","to":[1]}"#,
            #"{"t":"close","to":["s1"]}"#, #"{"t":"closed","s":5}"#, #"{"t":"revoked"}"#,
            #"{"t":"revoked","v":[{"k":"t1"}]}"#, #"{"t":"revoked","v":[{"k":"t1","e":1,"u":"u1","nb":2}]}"#,
            #"{"t":"revoked","v":[{"u":"u1","nb":"2"}]}"#, "{\"t\":\"deliver\",\"x\":\"a\",\"to\":[\"s\"]",
        ]
        for payload in payloads {
            #expect(ClusterMessageCodec.decode(Array(payload.utf8), from: "b") == nil, "\(payload)")
        }
    }

    @Test func syncComesInBoundedPartsEndingWithTheLast() {
        let many = (0..<(ClusterMessageCodec.syncPartSize * 2 + 1)).map { presence("s\($0)", on: room) }
        let parts = ClusterMessageCodec.syncParts(many)
        #expect(parts.count == 3)
        var rebuilt: [Presence] = []
        for (index, part) in parts.enumerated() {
            guard case .presenceSync(let presences, let isLast) = part else {
                Issue.record("not a sync part")
                return
            }
            #expect(presences.count <= ClusterMessageCodec.syncPartSize)
            #expect(isLast == (index == parts.count - 1))
            rebuilt += presences
        }
        #expect(rebuilt == many)
        #expect(ClusterMessageCodec.syncParts([]) == [.presenceSync([], isLast: true)])
    }
}
