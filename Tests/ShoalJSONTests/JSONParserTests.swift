import Testing
@testable import ShoalJSON

@Suite struct JSONParserTests {
    /// Accepted texts in the spirit of JSONTestSuite's `y_` cases, with the value each must produce.
    static let accepted: [(String, JSON)] = [
        ("[]", .array([])),
        ("{}", .object(JSONObject())),
        (" [1] ", [1]),
        ("\t\n\r [ ] \n", .array([])),
        ("null", .null),
        ("true", true),
        ("false", false),
        ("0", 0),
        ("-0", 0),
        ("-1", -1),
        ("123", 123),
        ("1.5", 1.5),
        ("-0.0", .double(-0.0)),
        ("1E2", 100.0),
        ("1e+2", 100.0),
        ("1e-2", 0.01),
        ("0e1", 0.0),
        ("123.456e78", 123.456e78),
        ("9223372036854775807", .int(Int64.max)),
        ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775808", .double(9223372036854775808.0)),
        ("-9223372036854775809", .double(-9223372036854775809.0)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("\"\"", ""),
        ("\"a/b\"", "a/b"),
        ("\"\\/\"", "/"),
        ("\"\\\"\\\\\\b\\f\\n\\r\\t\"", "\"\\\u{08}\u{0C}\n\r\t"),
        ("\"\\u0041\\u00e9\\u4E2D\"", "Aé中"),
        ("\"\\ud83d\\ude00\"", "😀"),
        ("\"\\uD834\\uDD1E\"", "𝄞"),
        ("\"\\u0000\"", "\u{0}"),
        ("\"é中😀\"", "é中😀"),
        ("\"\u{7F}\"", "\u{7F}"),
        ("\"\\uFFFF\"", "\u{FFFF}"),
        ("[1,[2,[3]],{\"a\":null}]", [1, [2, [3]], ["a": .null]]),
        ("{\"a\":1,\"a\":2}", ["a": 2]),
        ("{\"\":0}", ["": 0]),
        ("[\"x\" , \"y\"]", ["x", "y"]),
    ]

    @Test(arguments: accepted)
    func accepts(text: String, expected: JSON) throws {
        let value = try JSONParser.parse(text)
        #expect(value == expected)
        if case .double(let expectedDouble) = expected, case .double(let parsed) = value {
            #expect(parsed.sign == expectedDouble.sign)
        }
    }

    /// Rejected texts in the spirit of JSONTestSuite's `n_` cases.
    static let rejected: [String] = [
        "", " ", "[", "]", "{", "[1,]", "[,1]", "[1,,2]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\" 1}",
        "{a:1}", "{'a':1}", "['a']", "{1:1}", "[1 2]", "[1]x", "[1][2]", "1 2", "// c\n1", "/* c */ 1",
        "[1]//", "NaN", "-NaN", "Infinity", "-Infinity", "[nan]", "01", "-01", "00", "+1", ".1", "1.", "1.e3",
        "1e", "1e+", "-", "- 1", "0x10", "1e400", "-1e400", "tru", "truee", "nul", "True", "NULL",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"\\ud800x\"", "\"\\udd1e\\ud834\"", "\"a\tb\"", "\"a\nb\"", "\"\u{1}\"",
        "\u{FEFF}[]", "[\"a\"\u{0}]", "\u{0}",
    ]

    @Test(arguments: rejected)
    func rejects(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    /// Byte sequences that are not UTF-8 and so cannot come from a Swift `String`.
    static let invalidUTF8: [[UInt8]] = [
        [0x22, 0xFF, 0x22],                   // never valid
        [0x22, 0xC0, 0xAF, 0x22],             // overlong '/'
        [0x22, 0xE0, 0x80, 0xAF, 0x22],       // overlong three-byte form
        [0x22, 0xED, 0xA0, 0x80, 0x22],       // encoded surrogate U+D800
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // beyond U+10FFFF
        [0x22, 0xC3, 0x22],                   // truncated sequence
        [0x22, 0x80, 0x22],                   // lone continuation byte
        [0x22, 0x5C, 0x6E, 0xE9, 0x22],       // invalid byte after an escape
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    }

    @Test func acceptsValidMultibyteUTF8FromBytes() throws {
        let bytes: [UInt8] = [0x22, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x5C, 0x6E, 0xE4, 0xB8, 0xAD, 0x22]
        #expect(try JSONParser.parse(bytes) == "é😀\n中")
    }

    @Test func reportsOffsetOfTheProblem() {
        #expect(throws: JSONParseError(offset: 3, reason: "expected ',' or ']'")) {
            try JSONParser.parse("[1 2]")
        }
        #expect(throws: JSONParseError(offset: 5, reason: "unexpected data after the value")) {
            try JSONParser.parse("null x")
        }
    }

    @Test func depthLimitCountsNestedContainers() throws {
        let limits = JSONLimits(maxDepth: 3)
        #expect(try JSONParser.parse("[[[1]]]", limits: limits) == [[[1]]])
        #expect(try JSONParser.parse("{\"a\":{\"b\":[0]}}", limits: limits) == ["a": ["b": [0]]])
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[[[[1]]]]", limits: limits) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("{\"a\":[{\"b\":[1]}]}", limits: limits) }
    }

    @Test func defaultDepthLimitStopsDeepNesting() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(ok)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func byteLimitRejectsLargerInput() throws {
        #expect(try JSONParser.parse("[1, 2]", limits: JSONLimits(maxBytes: 6)) == [1, 2])
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[1, 2] ", limits: JSONLimits(maxBytes: 6)) }
    }

    @Test func parsesFromRawBuffer() throws {
        let bytes = Array("{\"k\":[true,null]}".utf8)
        let value = try bytes.withUnsafeBytes { buffer in try JSONParser.parse(buffer) }
        #expect(value == ["k": [true, .null]])
    }

    @Test func duplicateKeyKeepsFirstPositionAndLastValue() throws {
        let value = try JSONParser.parse("{\"a\":1,\"b\":2,\"a\":3}")
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }
}
