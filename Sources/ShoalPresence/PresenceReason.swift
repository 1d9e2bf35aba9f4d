/// Nakama's presence reasons (`runtime.PresenceReason`), which tell match handlers and hooks why a
/// presence joined or left; the tracker stamps them into `PresenceMeta.reason`.
package enum PresenceReason {
    package static let unknown: UInt8 = 0
    package static let join: UInt8 = 1
    package static let update: UInt8 = 2
    package static let leave: UInt8 = 3
    package static let disconnect: UInt8 = 4
}
