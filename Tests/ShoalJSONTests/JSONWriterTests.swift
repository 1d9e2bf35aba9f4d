import Testing
@testable import ShoalJSON

@Suite struct JSONWriterTests {
    @Test func writesCompactInInsertionOrder() {
        let value: JSON = .object([("token", "t"), ("created", true), ("n", .null), ("list", [1, -2, 3.5])])
        #expect(JSONWriter.string(value) == "{\"token\":\"t\",\"created\":true,\"n\":null,\"list\":[1,-2,3.5]}")
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let value: JSON = .string("a\"b\\c/d\n\r\t\u{08}\u{0C}\u{0}\u{1F}\u{7F}")
        #expect(JSONWriter.string(value) == "\"a\\\"b\\\\c/d\\n\\r\\t\\b\\f\\u0000\\u001f\u{7F}\"")
    }

    @Test func writesNonASCIIAsRawUTF8() {
        #expect(JSONWriter.write("é😀") == [0x22, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x22])
    }

    @Test func escapesKeysToo() {
        #expect(JSONWriter.string(["a\"b": 1]) == "{\"a\\\"b\":1}")
    }

    @Test func writesIntegersIncludingExtremes() {
        #expect(JSONWriter.string(.int(0)) == "0")
        #expect(JSONWriter.string(.int(Int64.max)) == "9223372036854775807")
        #expect(JSONWriter.string(.int(Int64.min)) == "-9223372036854775808")
    }

    @Test func writesDoubles() {
        #expect(JSONWriter.string(.double(3.0)) == "3")
        #expect(JSONWriter.string(.double(-2.0)) == "-2")
        #expect(JSONWriter.string(.double(0.1)) == "0.1")
        #expect(JSONWriter.string(.double(1.5e300)) == "1.5e+300")
        #expect(JSONWriter.string(.double(9_007_199_254_740_991)) == "9007199254740991")
        #expect(JSONWriter.string(.double(.nan)) == "null")
        #expect(JSONWriter.string(.double(.infinity)) == "null")
        #expect(JSONWriter.string(.double(-.infinity)) == "null")
    }

    @Test func doublesRoundTripExactly() throws {
        let samples: [Double] = [0.1, 1.0 / 3.0, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 9_007_199_254_740_994, -123.456e-78]
        for sample in samples {
            let parsed = try JSONParser.parse(JSONWriter.write(.double(sample)))
            #expect(parsed.doubleValue == sample)
        }
    }

    @Test func roundTripsNestedValues() throws {
        let value: JSON = [
            "s": "line\nbreak \"quoted\" \u{1} ☃",
            "i": .int(-42),
            "d": 2.5,
            "b": false,
            "n": .null,
            "a": [[], ["x": [:]], [1, 2, 3]],
            "o": ["deep": ["deeper": ["deepest": "😀"]]],
        ]
        let text = JSONWriter.write(value)
        #expect(try JSONParser.parse(text) == value)
        #expect(JSONWriter.write(try JSONParser.parse(text)) == text)
    }

    @Test func descriptionIsTheJSONText() {
        let value: JSON = ["a": [1, "b"]]
        #expect(value.description == "{\"a\":[1,\"b\"]}")
    }
}
