import Testing
@testable import ShoalJSON

@Suite struct JSONValueTests {
    @Test func accessorsReturnOnlyTheirCase() {
        let value: JSON = ["s": "x", "i": 7, "d": 2.0, "f": 2.5, "b": true, "a": [1], "o": ["k": .null], "n": .null]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["i"]?.intValue == 7)
        #expect(value["d"]?.intValue == 2)
        #expect(value["f"]?.intValue == nil)
        #expect(value["i"]?.doubleValue == 7.0)
        #expect(value["f"]?.doubleValue == 2.5)
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["a"]?[0] == 1)
        #expect(value["a"]?[1] == nil)
        #expect(value["o"]?.objectValue?["k"] == .null)
        #expect(value["n"]?.isNull == true)
        #expect(value["s"]?.intValue == nil)
        #expect(value["i"]?.stringValue == nil)
        #expect(value["missing"] == nil)
        #expect(JSON.string("x")["s"] == nil)
    }

    @Test func intValueRejectsDoublesOutsideInt64() {
        #expect(JSON.double(9.3e18).intValue == nil)
        #expect(JSON.double(-9.223372036854775808e18).intValue == Int64.min)
        #expect(JSON.double(.nan).intValue == nil)
        #expect(JSON.double(.infinity).intValue == nil)
    }

    @Test func objectKeepsInsertionOrderAndReplacesInPlace() {
        var object = JSONObject()
        object["b"] = 1
        object["a"] = 2
        object["c"] = 3
        object["a"] = 4
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["a"] == 4)
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object.count == 2)
        #expect(object.map(\.key) == ["a", "c"])
    }

    @Test func largeObjectsStayConsistentAcrossInsertAndRemove() {
        var object = JSONObject()
        for number in 0..<40 { object["k\(number)"] = .int(Int64(number)) }
        object["k5"] = nil
        object["k39"] = 390
        object["k40"] = 400
        #expect(object.count == 40)
        #expect(object["k5"] == nil)
        #expect(object["k6"] == 6)
        #expect(object["k39"] == 390)
        #expect(object["k40"] == 400)
        #expect(object.keys.first == "k0")
        #expect(object.keys.last == "k40")
        for number in 0..<30 { object["k\(number)"] = nil }
        #expect(object.count == 11)
        #expect(object["k30"] == 30)
        #expect(object.keys.first == "k30")
    }

    @Test func objectEqualityIgnoresOrder() {
        let first = JSONObject([("a", 1), ("b", 2)])
        let second = JSONObject([("b", 2), ("a", 1)])
        #expect(first == second)
        #expect(first != JSONObject([("a", 1), ("b", 3)]))
        #expect(first != JSONObject([("a", 1)]))
    }

    @Test func pairsInitializerLastDuplicateWins() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func literalsBuildTheExpectedCases() {
        let built: JSON = .object([("token", .string("t")), ("n", 1), ("d", 1.5), ("ok", true), ("list", ["x"])])
        #expect(built["token"] == .string("t"))
        #expect(built["n"] == .int(1))
        #expect(built["d"] == .double(1.5))
        #expect(built["ok"] == .bool(true))
        #expect(built["list"] == .array([.string("x")]))
        #expect(built.objectValue?.keys == ["token", "n", "d", "ok", "list"])
    }
}
