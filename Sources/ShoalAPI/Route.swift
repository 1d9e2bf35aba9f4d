import ShoalHTTP
import ShoalJSON
import ShoalProtocol

/// How a route authenticates its caller (Nakama's three REST modes, plus none).
package enum AuthMode: Sendable {
    case none
    /// `Authorization: Basic base64(server_key:)` — the authenticate and refresh calls.
    case serverKey
    /// `Authorization: Bearer <session token>`.
    case session
    /// `/v2/rpc/{id}`: `?http_key=`, Basic with the http key, or a Bearer session token.
    case rpc
}

/// One REST route of the dispatch table. `name` is Nakama's request name (`AuthenticateDevice`), the key
/// under which runtime hooks and metrics find it; `mapping` builds the request message hooks and the
/// handler read. A handler returns the response message, or nil for Nakama's `Empty` (`{}` on the wire).
package struct Route: Sendable {
    package typealias Handler = @Sendable (API, inout RequestContext) throws -> JSON?

    package var method: String
    package var pattern: [PathSegment]
    package var name: String
    package var auth: AuthMode
    package var mapping: RequestMapping
    package var handler: Handler
    /// Set for the few routes whose answer is not a protojson message (`/v2/rpc`); bypasses hooks.
    package var rawHandler: (@Sendable (API, inout RequestContext) throws -> APIResponse)?
    /// Matches any path below the pattern's last literal (the RPC id may contain slashes).
    package var matchesRest = false

    package init(
        _ method: String, _ path: String, name: String, auth: AuthMode, mapping: RequestMapping = RequestMapping(),
        _ handler: @escaping Handler
    ) {
        self.method = method
        self.pattern = PathSegment.parse(path)
        self.name = name
        self.auth = auth
        self.mapping = mapping
        self.handler = handler
    }

    /// Requests like GetAccount carry no message: their before hooks get nil and cannot rewrite them.
    var hasRequestMessage: Bool {
        mapping.body != .none || !mapping.query.isEmpty || pattern.contains { if case .parameter = $0 { true } else { false } }
    }

    /// A route answering with its own body and headers.
    package init(
        _ method: String, restOf path: String, name: String, auth: AuthMode,
        raw: @escaping @Sendable (API, inout RequestContext) throws -> APIResponse
    ) {
        self.init(method, path, name: name, auth: auth) { _, _ in nil }
        self.rawHandler = raw
        self.matchesRest = true
    }

    /// The path parameters if `segments` match this route's pattern.
    func match(_ segments: [Substring]) -> [String: String]? {
        if matchesRest {
            guard segments.count >= pattern.count, zip(segments, pattern).allSatisfy({ segment, expected in
                if case .literal(let text) = expected { return segment == text }
                return true
            }) else { return nil }
            let rest = segments.dropFirst(pattern.count).joined(separator: "/")
            return ["rest": PercentDecoding.decode(Substring(rest)) ?? rest]
        }
        guard segments.count == pattern.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, expected) in zip(segments, pattern) {
            switch expected {
            case .literal(let text):
                guard segment == text else { return nil }
            case .parameter(let name):
                guard !segment.isEmpty, let decoded = PercentDecoding.decode(segment) else { return nil }
                parameters[name] = decoded
            }
        }
        return parameters
    }
}

/// A piece of a route pattern: `/v2/account/link/device` or `/v2/user/{user_id}/group`.
package enum PathSegment: Sendable, Equatable {
    case literal(String)
    case parameter(String)

    static func parse(_ path: String) -> [PathSegment] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }
}
