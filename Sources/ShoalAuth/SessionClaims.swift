import ShoalCore

/// What a session or refresh token asserts, so handlers work with typed fields instead of JWT claims.
///
/// Maps to Nakama's claims: `tid`, `uid`, `usn`, `vrs`, `exp`, `iat` (unix seconds). The same `tokenID` and
/// `issuedAt` are carried across refreshes.
package struct SessionClaims: Sendable, Equatable {
    package var tokenID: TokenID
    package var userID: UserID
    package var username: String
    package var vars: [String: String]
    package var expiresAt: Int64
    package var issuedAt: Int64

    package init(
        tokenID: TokenID, userID: UserID, username: String, vars: [String: String] = [:],
        expiresAt: Int64, issuedAt: Int64
    ) {
        self.tokenID = tokenID
        self.userID = userID
        self.username = username
        self.vars = vars
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
    }
}
