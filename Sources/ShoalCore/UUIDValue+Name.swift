extension UUIDValue {
    /// The DNS namespace of RFC 4122, which Nakama hashes match names in.
    package static let dnsNamespace = UUIDValue("6ba7b810-9dad-11d1-80b4-00c04fd430c8")!

    /// A name-based (version 5) UUID: SHA-1 of namespace and name, so the same name always gives the same id.
    /// `sha1` is passed in because the core links no crypto.
    package static func named(_ name: String, in namespace: UUIDValue, sha1: ([UInt8]) -> [UInt8]) -> UUIDValue {
        var input: [UInt8] = []
        for word in [namespace.high, namespace.low] {
            for shift in stride(from: 56, through: 0, by: -8) { input.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        input += Array(name.utf8)
        let digest = sha1(input)
        var high = digest[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var low = digest[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_5000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return UUIDValue(high: high, low: low)
    }
}
