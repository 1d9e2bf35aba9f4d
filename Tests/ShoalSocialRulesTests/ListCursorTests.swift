import ShoalSocialRules
import Testing

@Suite struct ListCursorTests {
    @Test func roundTripsAnyText() throws {
        for fields in [["1", "1700000000000000123"], ["", "a.b", "ü 💬", "4.x.y."], []] {
            let cursor = ListCursor(kind: "c", fields: fields)
            let decoded = try #require(ListCursor(decoding: cursor.encoded, kind: "c", fieldCount: fields.count))
            #expect(decoded == cursor)
        }
    }

    @Test func refusesOtherKindsCountsAndGarbage() {
        let encoded = ListCursor(kind: "f", fields: ["0", "12"]).encoded
        #expect(ListCursor(decoding: encoded, kind: "n", fieldCount: 2) == nil)
        #expect(ListCursor(decoding: encoded, kind: "f", fieldCount: 3) == nil)
        for garbage in ["", "f", "f.zz.30", "f.3.30", "f.30.ff", "garbage", "f.30.3"] {
            #expect(ListCursor(decoding: garbage, kind: "f", fieldCount: 2) == nil, "\(garbage)")
        }
    }
}
