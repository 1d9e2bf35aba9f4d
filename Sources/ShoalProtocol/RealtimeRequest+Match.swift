import ShoalCore
import ShoalJSON

extension RealtimeRequest {
    /// `match_create`: create a relayed match; a non-empty `name` makes the id deterministic.
    package struct MatchCreate: Sendable, Equatable {
        package var name: String

        package init(name: String = "") { self.name = name }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(name: try input.string("name") ?? "")
        }

        package var json: JSON {
            var out = WireObject()
            out.string("name", name)
            return out.json
        }
    }

    /// `match_join`: join a match by id or by a matchmaker token.
    ///
    /// `target` is the proto oneof: nil when the client sent neither (the pipeline answers BAD_INPUT);
    /// both at once is a malformed envelope. A set member is written even when empty, as protojson does.
    package struct MatchJoin: Sendable, Equatable {
        package enum Target: Sendable, Equatable {
            case matchID(String)
            case token(String)
        }

        package var target: Target?
        package var metadata: [String: String]

        package init(target: Target?, metadata: [String: String] = [:]) {
            self.target = target
            self.metadata = metadata
        }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            let matchID = try input.string("match_id")
            let token = try input.string("token")
            switch (matchID, token) {
            case (let id?, nil): target = .matchID(id)
            case (nil, let token?): target = .token(token)
            case (nil, nil): target = nil
            case (.some, .some): throw .malformed("match_join sets both 'match_id' and 'token'")
            }
            metadata = try input.stringMap("metadata")
        }

        package var json: JSON {
            var out = WireObject()
            switch target {
            case .matchID(let id): out.wrappedString("match_id", id)
            case .token(let token): out.wrappedString("token", token)
            case nil: break
            }
            out.stringMap("metadata", metadata)
            return out.json
        }
    }

    /// `match_leave`: leave a match; answered with a cid-only ack.
    package struct MatchLeave: Sendable, Equatable {
        package var matchID: String

        package init(matchID: String) { self.matchID = matchID }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(matchID: try input.string("match_id") ?? "")
        }

        package var json: JSON {
            var out = WireObject()
            out.string("match_id", matchID)
            return out.json
        }
    }

    /// `match_data_send`: relay data to a match (never answered, not even with an ack).
    ///
    /// `opCode` is an int64 (a string or a number on input, a string on output); `data` is `bytes`
    /// (base64 on the wire). A non-empty `presences` restricts delivery to those sessions.
    package struct MatchDataSend: Sendable, Equatable {
        package var matchID: String
        package var opCode: Int64
        package var data: [UInt8]
        package var presences: [UserPresence]
        package var reliable: Bool

        package init(
            matchID: String, opCode: Int64, data: [UInt8] = [], presences: [UserPresence] = [], reliable: Bool = false
        ) {
            self.matchID = matchID
            self.opCode = opCode
            self.data = data
            self.presences = presences
            self.reliable = reliable
        }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            var presences: [UserPresence] = []
            for item in try input.messages("presences") { presences.append(try UserPresence(from: item)) }
            self.init(
                matchID: try input.string("match_id") ?? "", opCode: try input.int64("op_code") ?? 0,
                data: try input.bytes("data") ?? [], presences: presences, reliable: try input.bool("reliable") ?? false)
        }

        package var json: JSON {
            var out = WireObject()
            out.string("match_id", matchID)
            out.int64("op_code", opCode)
            if !data.isEmpty { out.string("data", Base64.encode(data)) }
            out.list("presences", presences.map(\.json))
            out.bool("reliable", reliable)
            return out.json
        }
    }
}
