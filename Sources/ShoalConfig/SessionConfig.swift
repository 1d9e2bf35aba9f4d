/// The `session` section: session and refresh token signing, lifetimes, and single-session rules.
///
/// Both encryption keys are secrets and MUST only be logged through `ConfigLoader.describe`; they
/// MUST differ from each other (checked by `ConfigLoader.load`).
package struct SessionConfig: Sendable, Equatable {
    package var encryptionKey: String = "defaultencryptionkey"
    package var tokenExpirySec: Int = 60
    package var refreshEncryptionKey: String = "defaultrefreshencryptionkey"
    package var refreshTokenExpirySec: Int = 3600
    package var singleSocket: Bool = false
    package var singleMatch: Bool = false
    package var singleParty: Bool = false
    package var singleSession: Bool = false

    package init() {}
}
