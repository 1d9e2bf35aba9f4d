/// Percent-decoding for path segments and query components, strict so that a malformed escape is
/// a rejection rather than a guess.
///
/// `decode` turns `%XX` (either hex case) into its byte and requires the result to be valid UTF-8;
/// a `%` not followed by two hex digits, or invalid UTF-8, gives nil. `+` is left alone (it means a
/// space only in query strings; `URLQuery` handles that).
package enum PercentDecoding {
    package static func decode(_ s: Substring) -> String? {
        decode(s, plusAsSpace: false)
    }

    static func decode(_ s: Substring, plusAsSpace: Bool) -> String? {
        let utf8 = s.utf8
        var needsWork = false
        for b in utf8 where b == ASCII.percent || (plusAsSpace && b == ASCII.plus) {
            needsWork = true
            break
        }
        if !needsWork { return String(s) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == ASCII.percent {
                let h = utf8.index(after: i)
                guard h < utf8.endIndex, let hi = ASCII.hexValue(utf8[h]) else { return nil }
                let l = utf8.index(after: h)
                guard l < utf8.endIndex, let lo = ASCII.hexValue(utf8[l]) else { return nil }
                bytes.append(UInt8(hi << 4 | lo))
                i = utf8.index(after: l)
            } else {
                bytes.append(plusAsSpace && b == ASCII.plus ? ASCII.space : b)
                i = utf8.index(after: i)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
