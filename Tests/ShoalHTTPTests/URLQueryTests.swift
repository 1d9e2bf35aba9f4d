import ShoalHTTP
import Testing

@Suite struct URLQueryTests {
    @Test func keepsRepeatedKeysInOrder() {
        let query = URLQuery("ids=a&limit=10&ids=b&ids=")
        #expect(query.values("ids") == ["a", "b", ""])
        #expect(query["ids"] == "a")
        #expect(query["limit"] == "10")
        #expect(query.contains("limit"))
        #expect(!query.contains("cursor"))
        #expect(query["cursor"] == nil)
        #expect(query.pairs.map(\.name) == ["ids", "limit", "ids", "ids"])
    }

    @Test func decodesPlusAndPercentEscapes() {
        let query = URLQuery("name=John+Smith&q=%7B%22a%22%3A1%7D&emoji=%F0%9F%90%9F&k%65y=v%2bw&lower=%e2%82%ac")
        #expect(query["name"] == "John Smith")
        #expect(query["q"] == "{\"a\":1}")
        #expect(query["emoji"] == "🐟")
        #expect(query["key"] == "v+w")
        #expect(query["lower"] == "€")
    }

    @Test func keyWithoutEqualsHasEmptyValueAndEmptySegmentsAreSkipped() {
        let query = URLQuery("&&flag&a=1&&b==2&")
        #expect(query.pairs.map(\.name) == ["flag", "a", "b"])
        #expect(query["flag"] == "")
        #expect(query["b"] == "=2")
    }

    @Test func invalidPairsAreDroppedLikeGo() {
        let query = URLQuery("good=1&bad=%zz&trunc=%4&semi=a;b&utf=%ff&also=%&ok=2")
        #expect(query.pairs.map(\.name) == ["good", "ok"])
    }

    @Test func emptyStringHasNoPairs() {
        #expect(URLQuery("").pairs.isEmpty)
    }

    @Test func percentDecodingForPathSegments() {
        #expect(PercentDecoding.decode("plain") == "plain")
        #expect(PercentDecoding.decode("a%20b+c") == "a b+c")
        #expect(PercentDecoding.decode("%2F%2f") == "//")
        #expect(PercentDecoding.decode("caf%C3%A9") == "café")
        #expect(PercentDecoding.decode("") == "")
        #expect(PercentDecoding.decode("%") == nil)
        #expect(PercentDecoding.decode("%4") == nil)
        #expect(PercentDecoding.decode("%g0") == nil)
        #expect(PercentDecoding.decode("%C3") == nil)
        let path = "/v2/storage/my%20collection"
        #expect(PercentDecoding.decode(path.split(separator: "/").last!) == "my collection")
    }
}
