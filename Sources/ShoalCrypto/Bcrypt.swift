import CLibCrypt

/// bcrypt through libxcrypt's reentrant API: the C half of `PasswordHash`.
///
/// Thread-safe: each call uses its own heap-allocated `crypt_data`, wiped before it is freed.
package enum Bcrypt {
    /// A `$2b$` setting string (prefix, cost and salt) from 16 salt bytes; nil if libxcrypt refuses.
    package static func setting(cost: Int, salt: [UInt8]) -> String? {
        let saltChars = salt.map { CChar(bitPattern: $0) }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let settingCount = Int32(setting.count)
        guard crypt_gensalt_rn("$2b$", UInt(cost), saltChars, Int32(saltChars.count), &setting, settingCount) != nil
        else { return nil }
        return String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `crypt_rn` of `password` under `setting` (a setting string or a stored hash); nil on error.
    package static func crypt(_ password: String, setting: String) -> String? {
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        guard let result = crypt_rn(password, setting, data, Int32(size)) else { return nil }
        let text = String(cString: result)
        // libxcrypt signals failure with a hash starting with '*'.
        return text.hasPrefix("*") ? nil : text
    }
}
