import ShoalAuth
import ShoalConfig
import ShoalCore
import ShoalProtocol

/// Issues and checks Nakama session and refresh tokens with the node's keys and lifetimes.
package struct SessionIssuer: Sendable {
    package let sessionSigner: TokenSigner
    package let refreshSigner: TokenSigner
    package let tokenLifetimeSeconds: Int64
    package let refreshLifetimeSeconds: Int64

    package init(config: SessionConfig) {
        sessionSigner = TokenSigner(key: config.encryptionKey)
        refreshSigner = TokenSigner(key: config.refreshEncryptionKey)
        tokenLifetimeSeconds = Int64(config.tokenExpirySec)
        refreshLifetimeSeconds = Int64(config.refreshTokenExpirySec)
    }

    /// A session and refresh token pair sharing `tokenID` and `issuedAt`.
    package func issue(
        user: UserID, username: String, vars: [String: String], tokenID: TokenID, issuedAt: Int64, now: Int64,
        created: Bool
    ) -> SessionTokens {
        var claims = SessionClaims(
            tokenID: tokenID, userID: user, username: username, vars: vars,
            expiresAt: now + tokenLifetimeSeconds, issuedAt: issuedAt)
        let token = sessionSigner.sign(claims)
        claims.expiresAt = now + refreshLifetimeSeconds
        let refresh = refreshSigner.sign(claims)
        return SessionTokens(created: created, token: token, refreshToken: refresh)
    }
}
