import ShoalCrypto
import ShoalCore
import ShoalJSON

/// Issues and checks HS256 JWTs exactly as Nakama does, so SDKs can decode the claims and tokens stay
/// stateless (revocation is a separate deny-list).
///
/// Tokens are `base64url(header).base64url(claims).base64url(signature)` without padding, with the header
/// `{"alg":"HS256","typ":"JWT"}`. Verification refuses any other algorithm (including `none`), compares
/// signatures in constant time, and requires a numeric `exp` later than `now` (unix seconds). Session tokens
/// also need `tid` and `uid` as UUIDs. Pure: the time is an argument; safe to share across threads.
package struct TokenSigner: Sendable {
    private static let encodedHeader = Base64.encode(
        JSONWriter.write(.object([("alg", "HS256"), ("typ", "JWT")])), alphabet: .url, padding: false)
    /// Header and payload are a few hundred bytes in practice; nothing a client sends needs more nesting.
    private static let segmentLimits = JSONLimits(maxDepth: 8)

    private let key: [UInt8]

    /// `key` is the configured secret (`session.encryption_key` or `session.refresh_encryption_key`), used as
    /// its UTF-8 bytes.
    package init(key: String) {
        self.key = Array(key.utf8)
    }

    /// The token for session claims: `tid`, `uid`, then `usn`, `vrs` (keys sorted), `exp`, `iat`, each of
    /// the last four omitted when empty or zero.
    package func sign(_ claims: SessionClaims) -> String {
        var object = JSONObject()
        object["tid"] = .string(claims.tokenID.description)
        object["uid"] = .string(claims.userID.description)
        if !claims.username.isEmpty { object["usn"] = .string(claims.username) }
        if !claims.vars.isEmpty {
            object["vrs"] = .object(JSONObject(claims.vars.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        if claims.expiresAt != 0 { object["exp"] = .int(claims.expiresAt) }
        if claims.issuedAt != 0 { object["iat"] = .int(claims.issuedAt) }
        return sign(claims: object)
    }

    /// Checks a session or refresh token and returns its claims.
    package func verify(_ token: String, now: Int64) throws(TokenError) -> SessionClaims {
        let payload = try verifyClaims(token, now: now)
        guard let tokenID = payload["tid"]?.stringValue.flatMap({ TokenID($0) }),
              let userID = payload["uid"]?.stringValue.flatMap({ UserID($0) }),
              let expiresAt = payload["exp"]?.intValue else {
            throw .invalidClaims
        }
        var username = ""
        if let value = payload["usn"] {
            guard let text = value.stringValue else { throw .invalidClaims }
            username = text
        }
        var vars: [String: String] = [:]
        if let value = payload["vrs"] {
            guard let object = value.objectValue else { throw .invalidClaims }
            for (name, member) in object {
                guard let text = member.stringValue else { throw .invalidClaims }
                vars[name] = text
            }
        }
        var issuedAt: Int64 = 0
        if let value = payload["iat"] {
            guard let seconds = value.intValue else { throw .invalidClaims }
            issuedAt = seconds
        }
        return SessionClaims(
            tokenID: tokenID, userID: userID, username: username, vars: vars, expiresAt: expiresAt,
            issuedAt: issuedAt)
    }

    /// The token for an arbitrary claims object (matchmaker tokens, Lua's `jwt_generate`), members in order.
    package func sign(claims: JSONObject) -> String {
        let signingInput = Self.encodedHeader + "." + Base64.encode(
            JSONWriter.write(.object(claims)), alphabet: .url, padding: false)
        return signingInput + "." + Base64.encode(signature(for: signingInput), alphabet: .url, padding: false)
    }

    /// Checks any HS256 token signed with this key and returns its claims; `exp` is required.
    package func verifyClaims(_ token: String, now: Int64) throws(TokenError) -> JSONObject {
        let segments = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3,
              let headerBytes = Base64.decode(Substring(segments[0])),
              let header = try? JSONParser.parse(headerBytes, limits: Self.segmentLimits),
              let algorithm = header["alg"]?.stringValue,
              let signatureBytes = Base64.decode(Substring(segments[2])) else {
            throw .malformed
        }
        guard algorithm == "HS256" else { throw .badSignature }
        let signingInput = token.utf8[segments[0].startIndex..<segments[1].endIndex]
        guard ConstantTime.equals(signature(for: signingInput), signatureBytes) else { throw .badSignature }
        guard let payloadBytes = Base64.decode(Substring(segments[1])),
              let payload = (try? JSONParser.parse(payloadBytes, limits: Self.segmentLimits))?.objectValue else {
            throw .malformed
        }
        guard let expiresAt = payload["exp"]?.intValue else { throw .invalidClaims }
        guard expiresAt > now else { throw .expired }
        return payload
    }

    private func signature(for signingInput: some StringProtocol) -> [UInt8] {
        signature(for: signingInput.utf8)
    }

    private func signature(for signingInput: some Collection<UInt8>) -> [UInt8] {
        HMAC.sha256(key: key, message: signingInput)
    }
}
