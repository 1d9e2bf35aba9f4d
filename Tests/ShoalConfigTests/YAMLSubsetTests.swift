import Foundation
import ShoalConfig
import Testing

private typealias Node = YAMLSubset.Node

private func text(_ value: String) -> Node { .scalar(value, quoted: false) }
private func quoted(_ value: String) -> Node { .scalar(value, quoted: true) }
private func map(_ entries: (String, Node)...) -> Node {
    .mapping(entries.map { YAMLSubset.Entry(key: $0.0, value: $0.1) })
}

/// The error `YAMLSubset.parse` throws for `yaml`, or nil when it parses.
private func syntaxError(_ yaml: String) -> YAMLSubset.SyntaxError? {
    do {
        _ = try YAMLSubset.parse(yaml)
        return nil
    } catch {
        return error
    }
}

@Suite struct YAMLSubsetTests {
    // MARK: Block structure

    @Test func emptyAndCommentOnlyDocumentsAreNull() throws {
        for yaml in ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n", "  \n# a\n   # b\n"] {
            #expect(try YAMLSubset.parse(yaml) == .null, "\(yaml)")
        }
    }

    @Test func blockMappingsNestToAnyDepth() throws {
        let yaml = """
            name: node-1
            socket:
              port: 7350
              tls:
                cert:
                  path: /etc/cert.pem
              address: ""
            last: end
            """
        let expected = map(
            ("name", text("node-1")),
            ("socket", map(
                ("port", text("7350")),
                ("tls", map(("cert", map(("path", text("/etc/cert.pem")))))),
                ("address", quoted("")))),
            ("last", text("end")))
        #expect(try YAMLSubset.parse(yaml) == expected)
    }

    @Test func mappingEntriesKeepFileOrder() throws {
        let node = try YAMLSubset.parse("b: 1\na: 2\nc: 3\n")
        guard case .mapping(let entries) = node else {
            Issue.record("expected a mapping, got \(node)")
            return
        }
        #expect(entries.map(\.key) == ["b", "a", "c"])
    }

    @Test func blockSequencesIndentedOrAtTheKeyIndentation() throws {
        let indented = "join:\n  - a:1\n  - \"b:2\"\n  - 'c:3'\n"
        #expect(try YAMLSubset.parse(indented) == map(("join", .sequence([text("a:1"), quoted("b:2"), quoted("c:3")]))))

        let sameIndent = "cluster:\n  join:\n  - a\n  - b\n  key: k\n"
        #expect(try YAMLSubset.parse(sameIndent)
            == map(("cluster", map(("join", .sequence([text("a"), text("b")])), ("key", text("k"))))))

        let topLevel = "list:\n- x\n- y\nafter: 1\n"
        #expect(try YAMLSubset.parse(topLevel) == map(("list", .sequence([text("x"), text("y")])), ("after", text("1"))))
    }

    @Test func sequenceEntriesMayBeEmptyOrNested() throws {
        #expect(try YAMLSubset.parse("- \n- ~\n-\n") == .sequence([.null, .null, .null]))
        #expect(try YAMLSubset.parse("-\n  - a\n  - b\n- c\n")
            == .sequence([.sequence([text("a"), text("b")]), text("c")]))
    }

    @Test func aValueMayStartOnTheNextLine() throws {
        #expect(try YAMLSubset.parse("key:\n  value\nnext: 1\n") == map(("key", text("value")), ("next", text("1"))))
    }

    @Test func aTopLevelValueNeedNotBeAMapping() throws {
        #expect(try YAMLSubset.parse("just text\n") == text("just text"))
        #expect(try YAMLSubset.parse("- a\n- b\n") == .sequence([text("a"), text("b")]))
        #expect(try YAMLSubset.parse("[a, b]") == .sequence([text("a"), text("b")]))
        #expect(try YAMLSubset.parse("  indented: 1\n  too: 2\n") == map(("indented", text("1")), ("too", text("2"))))
    }

    // MARK: Flow collections

    @Test func flowSequences() throws {
        #expect(try YAMLSubset.parse("k: [a, \"b\", 'c']") == map(("k", .sequence([text("a"), quoted("b"), quoted("c")]))))
        #expect(try YAMLSubset.parse("k: []") == map(("k", .sequence([]))))
        #expect(try YAMLSubset.parse("k: [ a ,b,]  # trailing comma") == map(("k", .sequence([text("a"), text("b")]))))
        #expect(try YAMLSubset.parse("k: [\"[::1]:7352\", 10.0.0.1:7352]")
            == map(("k", .sequence([quoted("[::1]:7352"), text("10.0.0.1:7352")]))))
        #expect(try YAMLSubset.parse("k: [[a], []]") == map(("k", .sequence([.sequence([text("a")]), .sequence([])]))))
        #expect(try YAMLSubset.parse("k: [~, null]") == map(("k", .sequence([.null, .null]))))
    }

    @Test func flowMappings() throws {
        #expect(try YAMLSubset.parse("env: {}") == map(("env", .mapping([]))))
        #expect(try YAMLSubset.parse("env: {a: 1, b: \"x\", 'c d': y z}")
            == map(("env", map(("a", text("1")), ("b", quoted("x")), ("c d", text("y z"))))))
        #expect(try YAMLSubset.parse("env: {empty: , none:}") == map(("env", map(("empty", .null), ("none", .null)))))
        #expect(try YAMLSubset.parse("env: {url: postgres://u:p@h:5432/db}")
            == map(("env", map(("url", text("postgres://u:p@h:5432/db"))))))
    }

    // MARK: Scalars

    @Test func plainScalarsKeepTheirText() throws {
        let yaml = """
            url: postgres://u:p@h:5432/db
            spaced: a value with spaces
            hash: a#b
            colon: a:b
            dash: -1
            question: ?x
            """
        #expect(try YAMLSubset.parse(yaml) == map(
            ("url", text("postgres://u:p@h:5432/db")), ("spaced", text("a value with spaces")),
            ("hash", text("a#b")), ("colon", text("a:b")), ("dash", text("-1")), ("question", text("?x"))))
    }

    @Test func quotingIsReportedAndNothingIsTyped() throws {
        #expect(try YAMLSubset.parse("a: \"123\"\nb: 123\nc: true\nd: 'true'\n")
            == map(("a", quoted("123")), ("b", text("123")), ("c", text("true")), ("d", quoted("true"))))
    }

    @Test func nullWordsAndEmptyValuesAreNull() throws {
        #expect(try YAMLSubset.parse("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: \"null\"\ng: ''\n") == map(
            ("a", .null), ("b", .null), ("c", .null), ("d", .null), ("e", .null), ("f", quoted("null")), ("g", quoted(""))))
    }

    @Test func singleQuotedScalarsDoubleTheirQuote() throws {
        #expect(try YAMLSubset.parse("k: 'it''s \\n # not a comment'") == map(("k", quoted("it's \\n # not a comment"))))
        #expect(try YAMLSubset.parse("k: ''''") == map(("k", quoted("'"))))
    }

    @Test func doubleQuotedEscapes() throws {
        let yaml = #"k: "q\" b\\ n\n t\t s\/ u\u00e9 U\U0001F600 # kept""#
        #expect(try YAMLSubset.parse(yaml) == map(("k", quoted("q\" b\\ n\n t\t s/ u\u{e9} U\u{1F600} # kept"))))
    }

    @Test func commentsEndContentOutsideQuotes() throws {
        let yaml = """
            # full line
            a: 1 # trailing
            b: "x # y" # trailing
            c: 'p#q'	# after a tab
              # indented comment
            d: # nothing
            """
        #expect(try YAMLSubset.parse(yaml)
            == map(("a", text("1")), ("b", quoted("x # y")), ("c", quoted("p#q")), ("d", .null)))
    }

    @Test func keysMayHoldDotsDashesAndBeQuoted() throws {
        #expect(try YAMLSubset.parse("socket.port: 1\nmax-conns: 2\n\"quoted key\": 3\n'single': 4\nspaced  : 5\n") == map(
            ("socket.port", text("1")), ("max-conns", text("2")), ("quoted key", text("3")), ("single", text("4")),
            ("spaced", text("5"))))
    }

    // MARK: Line endings and markers

    @Test func crlfBomAndTrailingSpacesAreIgnored() throws {
        let yaml = "\u{FEFF}name: node   \r\nsocket:  \r\n  port: 7350 \r\n  key: \"k\"  \r\n"
        #expect(try YAMLSubset.parse(yaml) == map(("name", text("node")), ("socket", map(("port", text("7350")), ("key", quoted("k"))))))
    }

    @Test func documentMarkersAreAccepted() throws {
        #expect(try YAMLSubset.parse("--- # start\na: 1\n...\n# after the end\n") == map(("a", text("1"))))
        #expect(try YAMLSubset.parse("a: 1\n...\n") == map(("a", text("1"))))
    }

    // MARK: Errors

    @Test func refusedConstructsNameLineAndColumn() throws {
        let cases: [(yaml: String, line: Int, column: Int, problem: String)] = [
            ("a:\n\tb: 1\n", 2, 1, "tab in indentation"),
            ("a:\n  \tb: 1\n", 2, 3, "tab in indentation"),
            ("a: &anchor 1\n", 1, 4, "anchors ('&') are not supported"),
            ("a: 1\nb: *alias\n", 2, 4, "aliases ('*') are not supported"),
            ("a: !!str 1\n", 1, 4, "tags ('!') are not supported"),
            ("a: |\n  text\n", 1, 4, "block scalars"),
            ("a: >\n  text\n", 1, 4, "block scalars"),
            ("? complex\n: value\n", 1, 1, "complex keys ('?') are not supported"),
            ("a: 1\n---\nb: 2\n", 2, 1, "several documents"),
            ("---\n---\n", 2, 1, "several documents"),
            ("a: 1\n...\nb: 2\n", 3, 1, "after the document end marker"),
            ("--- a: 1\n", 1, 5, "content on a '---' line"),
            ("%YAML 1.2\n---\na: 1\n", 1, 1, "directives"),
            ("list:\n  - key: value\n", 2, 5, "'- key: value' list entries are not supported"),
            ("list:\n  - - a\n", 2, 5, "a list entry inside a list entry"),
            ("a: - b\n", 1, 4, "a list entry must start its own line"),
            ("a: 1\n  b: 2\n", 2, 3, "unexpected indentation"),
            ("a:\n    b: 1\n  c: 2\n", 3, 3, "unexpected indentation"),
            ("  a: 1\nb: 2\n", 2, 1, "less indented than the document's first line"),
            ("a: b: c\n", 1, 5, "': ' inside a plain value"),
            ("key value\nother: 1\n", 2, 1, "unexpected line after the document's value"),
            ("a: 1\njust text\n", 2, 1, "expected 'key: value'"),
            ("a: 1\n- b\n", 2, 1, "expected a key, found a list entry"),
            (": value\n", 1, 1, "empty key"),
            ("a: \"open\n", 1, 4, "double-quoted value is not closed"),
            ("a: 'open\n", 1, 4, "single-quoted value is not closed"),
            ("a: \"x\"y\n", 1, 7, "unexpected content after the value"),
            ("a: \"x\"#c\n", 1, 7, "unexpected content after the value"),
            (#"a: "\q""#, 1, 5, "unsupported escape '\\q'"),
            (#"a: "\u12""#, 1, 5, "needs 4 hex digits"),
            (#"a: "\uD800""#, 1, 5, "needs 4 hex digits"),
            ("a: \"x\\\n", 1, 6, "'\\' at the end of a line"),
            ("a: [unclosed\n", 1, 4, "'[' is not closed on its line"),
            ("a: [x, # comment\n  y]\n", 1, 4, "'[' is not closed on its line"),
            ("a: {b: 1\n", 1, 4, "'{' is not closed on its line"),
            ("a: [a b c] d\n", 1, 12, "unexpected content after the value"),
            ("a: [a,,b]\n", 1, 7, "empty entry"),
            ("a: [a: b]\n", 1, 6, "expected ',' or ']'"),
            ("a: {b}\n", 1, 6, "expected ':' after a key"),
            ("a: {b: 1, b: 2}\n", 1, 11, "duplicate key 'b'"),
            ("a: {[x]: 1}\n", 1, 5, "keys must be plain or quoted"),
            ("a: [*x]\n", 1, 5, "aliases"),
            ("a: @x\n", 1, 4, "cannot start with '@'"),
            ("a: ]\n", 1, 4, "unexpected ']'"),
            ("a: 1\r\nb: x\ry\n", 2, 5, "control character U+000D"),
            ("a: \u{0}\n", 1, 4, "control character U+0000"),
            ((0..<65).map { String(repeating: " ", count: $0) + "k:\n" }.joined(), 65, 65, "nested more than 64 deep"),
            (String(repeating: "[", count: 17) + String(repeating: "]", count: 17), 1, 17, "nested more than 16 deep"),
        ]
        for entry in cases {
            let error = try #require(syntaxError(entry.yaml), "\(entry.yaml)")
            #expect(error.line == entry.line, "\(entry.yaml): \(error)")
            #expect(error.column == entry.column, "\(entry.yaml): \(error)")
            #expect(error.problem.contains(entry.problem), "\(entry.yaml): \(error)")
        }
    }

    @Test func duplicateKeysAreRefusedAtEveryLevel() throws {
        let top = try #require(syntaxError("a: 1\nb: 2\na: 3\n"))
        #expect((top.line, top.column, top.problem) == (3, 1, "duplicate key 'a'"))
        let nested = try #require(syntaxError("s:\n  port: 1\n  port: 2\n"))
        #expect((nested.line, nested.column, nested.problem) == (3, 3, "duplicate key 'port'"))
        let quotedAndPlain = try #require(syntaxError("k: 1\n\"k\": 2\n"))
        #expect(quotedAndPlain.problem == "duplicate key 'k'")
    }

    @Test func errorsNeverEchoTheSurroundingText() throws {
        let yamls = [
            "secret: hunter2 &anchor\nbad: *alias\n",
            "secret: \"hunter2\nnext: 1\n",
            "secret: [hunter2, \"x\"y]\n",
            "secret: hunter2: more\n",
            "k: 1\n  secret: hunter2\n",
        ]
        for yaml in yamls {
            let error = try #require(syntaxError(yaml), "\(yaml)")
            #expect(!error.description.contains("hunter2"), "\(error)")
            #expect(error.description.hasPrefix("line \(error.line), column \(error.column): "))
        }
    }

    @Test func theExampleConfigParsesToItsSections() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ops/shoal.example.yml").path
        let node = try YAMLSubset.parse(try String(contentsOfFile: path, encoding: .utf8))
        guard case .mapping(let entries) = node else {
            Issue.record("expected a mapping, got \(node)")
            return
        }
        #expect(entries.map(\.key) == [
            "name", "data_dir", "shutdown_grace_sec", "logger", "database", "socket", "session", "runtime",
            "matchmaker", "cluster",
        ])
        let database = try #require(entries.first { $0.key == "database" }?.value)
        #expect(database == map(
            ("address", .sequence([])), ("max_open_conns", text("0")), ("conn_max_lifetime_ms", text("3600000"))))
        let socket = try #require(entries.first { $0.key == "socket" }?.value)
        guard case .mapping(let socketEntries) = socket else {
            Issue.record("expected socket to be a mapping, got \(socket)")
            return
        }
        #expect(socketEntries.first { $0.key == "address" }?.value == quoted(""))
        #expect(socketEntries.first { $0.key == "port" }?.value == text("7350"))
    }
}
