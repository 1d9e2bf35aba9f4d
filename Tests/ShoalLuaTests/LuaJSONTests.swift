import ShoalJSON
import ShoalLua
import Testing

@Suite struct LuaJSONTests {
    @Test func jsonToLua() throws {
        let json: JSON = ["n": 3, "f": 1.5, "s": "x", "b": true, "gone": .null, "list": [1, .null, 3], "nested": ["k": [:]]]
        let value = LuaJSON.luaValue(from: json)
        let table = try #require(value.tableValue)
        #expect(table["n"] == 3)
        #expect(table["f"] == 1.5)
        #expect(table["s"] == "x")
        #expect(table["b"] == true)
        #expect(table["gone"] == .nil)
        #expect(table.hash.count == 6)
        #expect(table["list"] == .table(LuaTable(array: [1, .nil, 3])))
        #expect(table["nested"].tableValue?["k"] == .table(LuaTable()))
    }

    @Test func luaToJSON() throws {
        let vm = try LuaVM(limits: LuaLimits())
        let results = try LuaTestSupport.run(vm, """
            local holes = { 1, 2, 3 } holes[2] = nil
            return { int = 3, float = 2.5, big = 2^53, empty = {}, list = { "a", "b", extra = 1 }, holes = holes,
                keys = { [1.5] = "x", [true] = "t", ["s"] = "y" }, nested = { a = { b = { 1 } } }, neg = -0.25 }
            """)
        let json = try LuaJSON.json(from: try #require(results.first))
        #expect(json["int"] == .int(3))
        #expect(json["float"] == .double(2.5))
        #expect(json["big"] == .int(9_007_199_254_740_992))
        #expect(json["empty"] == .object(JSONObject()))
        #expect(json["list"] == ["a", "b"])
        #expect(json["holes"] == [1, .null, 3])
        #expect(json["keys"] == ["1.5": "x", "true": "t", "s": "y"])
        #expect(json["nested"] == ["a": ["b": [1]]])
        #expect(json["neg"] == .double(-0.25))
    }

    @Test func unencodableValues() throws {
        let (_, module) = try LuaTestSupport.vm("return function() end")
        #expect(throws: LuaError.self) { try LuaJSON.json(from: module) }
        #expect(throws: LuaError.self) { try LuaJSON.json(from: .number(.nan)) }
        #expect(try LuaJSON.json(from: .table(LuaTable(hash: [(1, "one"), (2, "two")]))) == ["1": "one", "2": "two"])
    }
}
