/// Reads the part of YAML that Nakama-style configuration files use, so `ShoalConfig` needs neither a
/// YAML library nor Foundation (and the node stays small).
///
/// Supported: block mappings and block sequences by space indentation (a sequence may sit at its key's
/// indentation), one-line flow sequences and mappings (`[a, "b"]`, `{}`, `{a: 1}`), plain, single-quoted
/// and double-quoted scalars, `#` comments, CRLF line endings, a leading BOM, and one document with
/// optional `---` and `...` markers. Plain `~`, `null`, `Null`, `NULL` and empty values are `.null`;
/// every other scalar stays text (`123` and `true` are not typed here). Everything else YAML offers —
/// anchors, aliases, tags, block scalars, complex keys, multi-line scalars or flow collections, several
/// documents, `- key: value` list entries — and duplicate keys are refused with a `SyntaxError` naming
/// the line and column; the parser never guesses. Errors name at most the offending token, never the
/// surrounding text, because configuration files hold secrets. Pure: no I/O and no state.
package enum YAMLSubset {
    /// One parsed value.
    package indirect enum Node: Equatable, Sendable {
        case null
        /// Text as written, with escapes resolved; `quoted` tells `"123"` from `123`.
        case scalar(String, quoted: Bool)
        case sequence([Node])
        /// Entries in file order; keys are unique.
        case mapping([Entry])
    }

    /// One `key: value` pair of a mapping.
    package struct Entry: Equatable, Sendable {
        package var key: String
        package var value: Node

        package init(key: String, value: Node) {
            self.key = key
            self.value = value
        }
    }

    /// Why the text was refused, at a 1-based line and column (counted in Unicode scalars).
    package struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        package var line: Int
        package var column: Int
        package var problem: String

        package var description: String { "line \(line), column \(column): \(problem)" }
    }

    /// The document in `text`; `.null` when it holds no content (empty, only comments or markers).
    package static func parse(_ text: String) throws(SyntaxError) -> Node {
        var parser = Parser(lines: try contentLines(of: text))
        return try parser.document()
    }

    // MARK: - Lines

    /// A line holding content: not blank, not only a comment, not a document marker.
    private struct Line {
        let number: Int
        /// Leading spaces, which is also the index of the first content scalar.
        let indent: Int
        let text: [Unicode.Scalar]

        func error(at index: Int, _ problem: String) -> SyntaxError {
            SyntaxError(line: number, column: index + 1, problem: problem)
        }

        /// Whether `index` is past the content: the end of the line or a comment (`#` after a blank).
        func endsContent(at index: Int) -> Bool {
            index >= text.count || (text[index] == "#" && index > 0 && isBlank(text[index - 1]))
        }

        /// Whether a block sequence entry (`-` then a blank or the end) starts at `index`.
        func hasListEntry(at index: Int) -> Bool {
            text[index] == "-" && (index + 1 == text.count || isBlank(text[index + 1]))
        }

        func skippingBlanks(from index: Int) -> Int {
            var index = index
            while index < text.count, isBlank(text[index]) { index += 1 }
            return index
        }
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }

    /// Splits `text` into content lines, checking characters, indentation and document markers.
    private static func contentLines(of text: String) throws(SyntaxError) -> [Line] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var raw = scalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        if raw.last?.isEmpty == true { raw.removeLast() }

        var lines: [Line] = []
        var sawStart = false
        var ended = false
        for (offset, var text) in raw.enumerated() {
            let number = offset + 1
            if text.last == "\r" { text.removeLast() }
            if let bad = text.firstIndex(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
                let code = String(text[bad].value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                throw SyntaxError(line: number, column: bad + 1, problem: "control character U+\(padded) is not allowed")
            }
            guard let first = text.firstIndex(where: { !isBlank($0) }), text[first] != "#" else { continue }
            let line = Line(number: number, indent: first, text: text)
            if let marker = documentMarker(in: text) {
                let rest = line.skippingBlanks(from: 3)
                guard line.endsContent(at: rest) else {
                    throw line.error(at: rest, "content on a '\(marker)' line is not supported")
                }
                if marker == "..." {
                    ended = true
                } else if sawStart || ended || !lines.isEmpty {
                    throw line.error(at: 0, "several documents in one file are not supported")
                } else {
                    sawStart = true
                }
                continue
            }
            if ended {
                throw line.error(at: first, "content after the document end marker '...' is not supported")
            }
            if text[0] == "%" {
                throw line.error(at: 0, "directives ('%') are not supported")
            }
            if let tab = text[..<first].firstIndex(of: "\t") {
                throw line.error(at: tab, "tab in indentation; indent with spaces")
            }
            lines.append(line)
        }
        return lines
    }

    /// `---` or `...` when `text` starts with one followed by a blank or the end of the line.
    private static func documentMarker(in text: [Unicode.Scalar]) -> String? {
        guard text.count >= 3, text.count == 3 || isBlank(text[3]) else { return nil }
        let head = String(String.UnicodeScalarView(text[0..<3]))
        return head == "---" || head == "..." ? head : nil
    }

    // MARK: - Parser

    /// Recursive descent over the content lines; `index` is the next line not yet consumed.
    private struct Parser {
        let lines: [Line]
        var index = 0
        /// Block nodes open around the current line, bounded so a hostile file cannot exhaust the stack.
        var depth = 0

        mutating func document() throws(SyntaxError) -> Node {
            guard let first = lines.first else { return .null }
            let root = try blockNode()
            if index < lines.count {
                let line = lines[index]
                let problem = line.indent > first.indent ? "unexpected indentation"
                    : line.indent < first.indent ? "line is less indented than the document's first line"
                    : "unexpected line after the document's value"
                throw line.error(at: line.indent, problem)
            }
            return root
        }

        /// The node starting on the current line, at that line's indentation.
        private mutating func blockNode() throws(SyntaxError) -> Node {
            let line = lines[index]
            guard depth < 64 else { throw line.error(at: line.indent, "blocks nested more than 64 deep") }
            depth += 1
            defer { depth -= 1 }
            if line.hasListEntry(at: line.indent) { return try sequence(indent: line.indent) }
            if try Self.key(in: line, at: line.indent) != nil { return try mapping(indent: line.indent) }
            let node = try Self.inlineValue(in: line, at: line.indent)
            index += 1
            return node
        }

        private mutating func mapping(indent: Int) throws(SyntaxError) -> Node {
            var entries: [Entry] = []
            while index < lines.count {
                let line = lines[index]
                if line.indent < indent { break }
                if line.indent > indent { throw line.error(at: line.indent, "unexpected indentation") }
                if line.hasListEntry(at: indent) {
                    throw line.error(at: indent, "expected a key, found a list entry")
                }
                guard let key = try Self.key(in: line, at: indent) else {
                    throw line.error(at: indent, "expected 'key: value'")
                }
                if entries.contains(where: { $0.key == key.name }) {
                    throw line.error(at: indent, "duplicate key '\(key.name)'")
                }
                let start = line.skippingBlanks(from: key.valueStart)
                let value: Node
                if line.endsContent(at: start) {
                    index += 1
                    if index < lines.count, lines[index].indent > indent {
                        value = try blockNode()
                    } else if index < lines.count, lines[index].indent == indent, lines[index].hasListEntry(at: indent) {
                        value = try sequence(indent: indent)
                    } else {
                        value = .null
                    }
                } else {
                    value = try Self.inlineValue(in: line, at: start)
                    index += 1
                }
                entries.append(Entry(key: key.name, value: value))
            }
            return .mapping(entries)
        }

        private mutating func sequence(indent: Int) throws(SyntaxError) -> Node {
            var items: [Node] = []
            while index < lines.count {
                let line = lines[index]
                if line.indent < indent { break }
                if line.indent > indent { throw line.error(at: line.indent, "unexpected indentation") }
                guard line.hasListEntry(at: indent) else { break }
                let start = line.skippingBlanks(from: indent + 1)
                if line.endsContent(at: start) {
                    index += 1
                    items.append(index < lines.count && lines[index].indent > indent ? try blockNode() : .null)
                    continue
                }
                if line.hasListEntry(at: start) {
                    throw line.error(at: start, "a list entry inside a list entry on one line is not supported")
                }
                if try Self.key(in: line, at: start) != nil {
                    throw line.error(at: start, "'- key: value' list entries are not supported")
                }
                items.append(try Self.inlineValue(in: line, at: start))
                index += 1
            }
            return .sequence(items)
        }

        // MARK: Within one line

        /// The key of a `key: value` line starting at `start`, and where its value starts; nil when the
        /// line holds no key there.
        private static func key(
            in line: Line, at start: Int
        ) throws(SyntaxError) -> (name: String, valueStart: Int)? {
            let text = line.text
            let first = text[start]
            if first == "\"" || first == "'" {
                var position = start
                let name = try quoted(in: line, at: &position)
                let colon = line.skippingBlanks(from: position)
                guard colon < text.count, text[colon] == ":",
                      colon + 1 == text.count || isBlank(text[colon + 1]) else { return nil }
                return (name, colon + 1)
            }
            if first == "[" || first == "{" { return nil }
            try rejectIndicator(in: line, at: start)
            var position = start
            while position < text.count {
                if line.endsContent(at: position) { return nil }
                if text[position] == ":", position + 1 == text.count || isBlank(text[position + 1]) {
                    let name = trimmed(text[start..<position])
                    if name.isEmpty { throw line.error(at: start, "empty key") }
                    return (name, position + 1)
                }
                position += 1
            }
            return nil
        }

        /// A value written on its line from `start` (not a key), which must end the line's content.
        private static func inlineValue(in line: Line, at start: Int) throws(SyntaxError) -> Node {
            let text = line.text
            var position = start
            let node: Node
            switch text[start] {
            case "\"", "'":
                node = .scalar(try quoted(in: line, at: &position), quoted: true)
            case "[", "{":
                node = try flow(in: line, at: &position, depth: 1)
            case "-" where line.hasListEntry(at: start):
                throw line.error(at: start, "a list entry must start its own line")
            default:
                try rejectIndicator(in: line, at: start)
                while !line.endsContent(at: position) {
                    if text[position] == ":", position + 1 == text.count || isBlank(text[position + 1]) {
                        throw line.error(at: position, "': ' inside a plain value; quote the value")
                    }
                    position += 1
                }
                node = plain(trimmed(text[start..<position]))
            }
            let end = line.skippingBlanks(from: position)
            guard line.endsContent(at: end) else {
                throw line.error(at: end, "unexpected content after the value")
            }
            return node
        }

        /// A flow sequence or mapping that MUST close on the same line; nested ones are allowed.
        private static func flow(
            in line: Line, at position: inout Int, depth: Int
        ) throws(SyntaxError) -> Node {
            let text = line.text
            let open = position
            guard depth <= 16 else { throw line.error(at: open, "flow collections nested more than 16 deep") }
            let isSequence = text[open] == "["
            let close: Unicode.Scalar = isSequence ? "]" : "}"
            var items: [Node] = []
            var entries: [Entry] = []
            position += 1
            while true {
                position = line.skippingBlanks(from: position)
                if line.endsContent(at: position) { throw unclosed(line, at: open) }
                if text[position] == close { break }
                if isSequence {
                    items.append(try flowNode(in: line, at: &position, depth: depth))
                } else {
                    let keyStart = position
                    let name = try flowKey(in: line, at: &position)
                    position = line.skippingBlanks(from: position)
                    guard position < text.count, text[position] == ":" else {
                        throw line.error(at: position, "expected ':' after a key in a flow mapping")
                    }
                    position = line.skippingBlanks(from: position + 1)
                    let value: Node = line.endsContent(at: position) || text[position] == "," || text[position] == "}"
                        ? .null : try flowNode(in: line, at: &position, depth: depth)
                    if entries.contains(where: { $0.key == name }) {
                        throw line.error(at: keyStart, "duplicate key '\(name)'")
                    }
                    entries.append(Entry(key: name, value: value))
                }
                position = line.skippingBlanks(from: position)
                if line.endsContent(at: position) { throw unclosed(line, at: open) }
                if text[position] == close { break }
                guard text[position] == "," else {
                    throw line.error(at: position, "expected ',' or '\(close)'")
                }
                position += 1
            }
            position += 1
            return isSequence ? .sequence(items) : .mapping(entries)
        }

        private static func unclosed(_ line: Line, at open: Int) -> SyntaxError {
            line.error(at: open, "'\(line.text[open])' is not closed on its line; flow collections must fit on one line")
        }

        private static func flowNode(
            in line: Line, at position: inout Int, depth: Int
        ) throws(SyntaxError) -> Node {
            switch line.text[position] {
            case "[", "{":
                return try flow(in: line, at: &position, depth: depth + 1)
            case "\"", "'":
                return .scalar(try quoted(in: line, at: &position), quoted: true)
            case ",":
                throw line.error(at: position, "empty entry in a flow collection")
            case "-" where line.hasListEntry(at: position):
                throw line.error(at: position, "block list entries are not allowed inside a flow collection")
            default:
                try rejectIndicator(in: line, at: position)
                return plain(plainFlowText(in: line, at: &position))
            }
        }

        private static func flowKey(in line: Line, at position: inout Int) throws(SyntaxError) -> String {
            let start = position
            switch line.text[position] {
            case "\"", "'":
                return try quoted(in: line, at: &position)
            case ",":
                throw line.error(at: position, "empty entry in a flow collection")
            case "[", "{":
                throw line.error(at: position, "keys must be plain or quoted values")
            default:
                try rejectIndicator(in: line, at: position)
                let name = plainFlowText(in: line, at: &position)
                if name.isEmpty { throw line.error(at: start, "empty key") }
                return name
            }
        }

        /// A plain scalar inside a flow collection: it ends at `,`, brackets, braces, `: ` or a comment.
        private static func plainFlowText(in line: Line, at position: inout Int) -> String {
            let text = line.text
            let start = position
            while !line.endsContent(at: position) {
                let scalar = text[position]
                if isFlowIndicator(scalar) { break }
                if scalar == ":", position + 1 == text.count || isBlank(text[position + 1])
                    || isFlowIndicator(text[position + 1]) { break }
                position += 1
            }
            return trimmed(text[start..<position])
        }

        private static func isFlowIndicator(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "," || scalar == "[" || scalar == "]" || scalar == "{" || scalar == "}"
        }

        /// A single- or double-quoted scalar starting at `position`, which ends just after its closing quote.
        private static func quoted(in line: Line, at position: inout Int) throws(SyntaxError) -> String {
            let text = line.text
            let open = position
            let quote = text[open]
            var value = String.UnicodeScalarView()
            var index = open + 1
            while true {
                guard index < text.count else {
                    let kind = quote == "\"" ? "double-quoted" : "single-quoted"
                    throw line.error(at: open, "\(kind) value is not closed on its line; multi-line values are not supported")
                }
                let scalar = text[index]
                if quote == "'" {
                    index += 1
                    guard scalar == "'" else {
                        value.append(scalar)
                        continue
                    }
                    guard index < text.count, text[index] == "'" else { break }
                    value.append("'")
                    index += 1
                    continue
                }
                if scalar == "\"" {
                    index += 1
                    break
                }
                guard scalar == "\\" else {
                    value.append(scalar)
                    index += 1
                    continue
                }
                guard index + 1 < text.count else {
                    throw line.error(at: index, "'\\' at the end of a line; multi-line values are not supported")
                }
                let escape = text[index + 1]
                switch escape {
                case "\"", "\\", "/": value.append(escape)
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "0": value.append("\0")
                case "u", "U":
                    let width = escape == "u" ? 4 : 8
                    let digits = text[(index + 2)..<min(index + 2 + width, text.count)]
                    guard digits.count == width, digits.allSatisfy(\.properties.isASCIIHexDigit),
                          let code = UInt32(String(String.UnicodeScalarView(digits)), radix: 16),
                          let decoded = Unicode.Scalar(code) else {
                        throw line.error(at: index, "'\\\(escape)' needs \(width) hex digits naming a Unicode scalar")
                    }
                    value.append(decoded)
                    index += 2 + width
                    continue
                default:
                    throw line.error(at: index, "unsupported escape '\\\(escape)'")
                }
                index += 2
            }
            position = index
            return String(value)
        }

        /// Refuses a node starting with an indicator this subset does not read.
        private static func rejectIndicator(in line: Line, at position: Int) throws(SyntaxError) {
            let scalar = line.text[position]
            let problem: String? = switch scalar {
            case "&": "anchors ('&') are not supported"
            case "*": "aliases ('*') are not supported"
            case "!": "tags ('!') are not supported"
            case "|", ">": "block scalars ('|' and '>') are not supported; write the value on one line"
            case "?" where position + 1 == line.text.count || isBlank(line.text[position + 1]):
                "complex keys ('?') are not supported"
            case "%", "@", "`": "a plain value cannot start with '\(scalar)'; quote the value"
            case ",", "]", "}", "#": "unexpected '\(scalar)'"
            default: nil
            }
            if let problem { throw line.error(at: position, problem) }
        }

        /// A plain scalar's node: YAML's null words and the empty value are `.null`.
        private static func plain(_ text: String) -> Node {
            switch text {
            case "", "~", "null", "Null", "NULL": .null
            default: .scalar(text, quoted: false)
            }
        }

        private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var end = scalars.endIndex
            while end > scalars.startIndex, isBlank(scalars[end - 1]) { end -= 1 }
            return String(String.UnicodeScalarView(scalars[scalars.startIndex..<end]))
        }
    }
}
