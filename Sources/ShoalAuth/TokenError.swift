/// Why a JWT was refused; `ShoalAPI` answers every case with Nakama's 401 "Auth token invalid".
package enum TokenError: Error, Equatable, Sendable {
    /// Not three base64url segments, or a header or payload that is not a JSON object.
    case malformed
    /// The algorithm is not HS256, or the signature does not match.
    case badSignature
    /// `exp` is not after the verification time.
    case expired
    /// A required claim is missing or has the wrong type (`exp`, and for sessions `tid` and `uid`).
    case invalidClaims
}
