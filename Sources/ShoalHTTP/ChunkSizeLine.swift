/// `chunk-size [ chunk-ext ]` of chunked transfer coding (RFC 9112 §7.1), shared by the request and
/// response parsers; each maps a problem to its own error.
enum ChunkSizeLine {
    enum Problem: Error {
        case tooLarge, invalidSize, invalidExtension
    }

    /// The chunk size written in `bytes[from..<to]` (the line without its CRLF), refusing sizes above `maximum`.
    static func parse(_ bytes: [UInt8], from: Int, to end: Int, maximum: Int) throws(Problem) -> Int {
        var size = 0
        var i = from
        while i < end, let digit = ASCII.hexValue(bytes[i]) {
            if size > Int.max >> 4 { throw .tooLarge }
            size = size << 4 | digit
            if size > maximum { throw .tooLarge }
            i += 1
        }
        if i == from { throw .invalidSize }
        while i < end, ASCII.isWhitespace(bytes[i]) { i += 1 }
        if i < end {
            if bytes[i] != ASCII.semicolon { throw .invalidSize }
            while i < end {
                if !ASCII.isFieldValueChar(bytes[i]) { throw .invalidExtension }
                i += 1
            }
        }
        return size
    }
}
