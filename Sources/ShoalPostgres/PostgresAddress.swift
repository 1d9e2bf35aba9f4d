/// Turns Nakama's `database.address` values into libpq conninfo, so existing Nakama configs work.
///
/// Accepted forms:
/// - `postgres://…` and `postgresql://…` URLs: passed through unchanged.
/// - key=value conninfo (`host=/run/pg port=5432 dbname=shoal`): passed through unchanged.
/// - Nakama's short form `[user[:password]@]host[:port][/database][?params]`, e.g.
///   `root:secret@db.internal:26257/nakama?sslmode=disable`, `root@localhost`, `localhost:5433`,
///   `localhost/game`, `[::1]:5432/shoal`. It becomes a `postgresql://` URL with user, password and
///   database percent-encoded; the port defaults to 5432 and the database to `shoal`; the query
///   string is kept as is. The credentials end at the last `@` and the password starts after the
///   first `:`, so a password may contain `@`, `:`, `/` and `?`.
/// Throws `PGError` (without echoing the address, which may hold a password) for an empty address, an empty host or a port outside 1…65535. Pure.
package enum PostgresAddress {
    package static let defaultPort = 5432
    package static let defaultDatabase = "shoal"

    package static func conninfo(from address: String) throws -> String {
        let trimmed = address.trimmingSpaces()
        guard !trimmed.isEmpty else { throw invalid("it is empty") }
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") || isKeyValue(trimmed) {
            return trimmed
        }
        var rest = Substring(trimmed)
        var userinfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[mark...]
            rest = rest[..<mark]
        }
        var database = Substring(defaultDatabase)
        if let slash = rest.firstIndex(of: "/") {
            let name = rest[rest.index(after: slash)...]
            if !name.isEmpty { database = name }
            rest = rest[..<slash]
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("the IPv6 host has no ']'") }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw invalid("unexpected text after the IPv6 host")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty, host != "[]" else { throw invalid("the host is empty") }
        var port = defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("the port is not a number in 1…65535")
            }
            port = value
        }
        var url = "postgresql://"
        if let userinfo {
            if let colon = userinfo.firstIndex(of: ":") {
                url += percentEncoded(userinfo[..<colon]) + ":" + percentEncoded(userinfo[userinfo.index(after: colon)...])
            } else {
                url += percentEncoded(userinfo)
            }
            url += "@"
        }
        url += "\(host):\(port)/\(percentEncoded(database))\(query)"
        return url
    }

    /// key=value conninfo starts with a keyword made of letters and underscores, then `=`.
    private static func isKeyValue(_ text: String) -> Bool {
        guard let equals = text.firstIndex(of: "=") else { return false }
        let key = text[..<equals].trimmingSpaces()
        return !key.isEmpty && key.allSatisfy { $0 == "_" || ($0.isASCII && $0.isLetter) }
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters.
    private static func percentEncoded(_ text: Substring) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The address is left out of the message: it may hold a password.
    private static func invalid(_ reason: String) -> PGError {
        PGError(message: "invalid database address: \(reason)")
    }
}
