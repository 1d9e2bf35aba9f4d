import ShoalHTTP
import ShoalJSON

/// How a route authenticates its caller (Nakama's three REST modes, plus none).
package enum AuthMode: Sendable {
    case none
    /// `Authorization: Basic base64(server_key:)` — the authenticate and refresh calls.
    case serverKey
    /// `Authorization: Bearer <session token>`.
    case session
}

/// One REST route of the dispatch table. `name` is Nakama's request name (`AuthenticateDevice`), the key
/// under which runtime hooks and metrics find it.
package struct Route: Sendable {
    package typealias Handler = @Sendable (API, inout RequestContext) throws -> JSON

    package var method: String
    package var pattern: [PathSegment]
    package var name: String
    package var auth: AuthMode
    package var handler: Handler

    package init(_ method: String, _ path: String, name: String, auth: AuthMode, _ handler: @escaping Handler) {
        self.method = method
        self.pattern = PathSegment.parse(path)
        self.name = name
        self.auth = auth
        self.handler = handler
    }

    /// The path parameters if `segments` match this route's pattern.
    func match(_ segments: [Substring]) -> [String: String]? {
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
