/// A decoded query string for Nakama's REST routes, which read repeated keys (`ids=a&ids=b`) and
/// form-style escapes, mirroring Go's `url.ParseQuery` that Nakama's gateway uses.
///
/// Pairs are split on `&`, then on the first `=` (a missing `=` means an empty value). `+` decodes to
/// a space and `%XX` to its byte. Like Go, a pair is dropped (rejected, not kept literally) when its
/// key or value has an invalid escape or invalid UTF-8, or when it contains `;`; empty segments are
/// skipped. Order and repeats are kept.
package struct URLQuery: Sendable {
    package private(set) var pairs: [(name: String, value: String)]

    package init(_ raw: String) {
        pairs = []
        for segment in raw.utf8.split(separator: ASCII.ampersand, omittingEmptySubsequences: true) {
            let part = Substring(segment)
            if part.utf8.contains(ASCII.semicolon) { continue }
            let rawName: Substring
            let rawValue: Substring
            if let eq = part.utf8.firstIndex(of: ASCII.equals) {
                rawName = part[..<eq]
                rawValue = part[part.index(after: eq)...]
            } else {
                rawName = part
                rawValue = ""
            }
            guard let name = PercentDecoding.decode(rawName, plusAsSpace: true),
                  let value = PercentDecoding.decode(rawValue, plusAsSpace: true) else { continue }
            pairs.append((name, value))
        }
    }

    /// The first value of `name` (exact, case-sensitive match), or nil.
    package subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    package func values(_ name: String) -> [String] {
        pairs.compactMap { $0.name == name ? $0.value : nil }
    }

    package func contains(_ name: String) -> Bool {
        pairs.contains { $0.name == name }
    }
}
