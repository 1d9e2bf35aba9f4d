import ShoalCore
import ShoalJSON
import Testing
@testable import ShoalProtocol

@Suite struct WireTests {
    @Test func readsSnakeAndCamelNames() throws {
        let snake = try WireInput(body: Array(#"{"display_name":"A","avatar_url":"u"}"#.utf8))
        let camel = try WireInput(body: Array(#"{"displayName":"A","avatarUrl":"u"}"#.utf8))
        #expect(try snake.string("display_name") == "A")
        #expect(try camel.string("display_name") == "A")
        #expect(try camel.string("avatar_url") == "u")
    }

    @Test func emptyBodyIsAnEmptyObjectAndNullIsAbsent() throws {
        #expect(try WireInput(body: []).object.count == 0)
        #expect(try WireInput(body: Array(#"{"id":null}"#.utf8)).string("id") == nil)
    }

    @Test(arguments: [#"{"id":"#, "[1,2]", "\"text\"", "{\"id\":1,}", "nul"])
    func rejectsMalformedOrNonObjectBodies(_ body: String) {
        let error = #expect(throws: APIError.self) { _ = try WireInput(body: Array(body.utf8)) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func rejectsWrongTypes() throws {
        let input = try WireInput(body: Array(#"{"id":12,"vars":{"a":1},"create":"maybe"}"#.utf8))
        #expect(throws: APIError.self) { _ = try input.string("id") }
        #expect(throws: APIError.self) { _ = try input.stringMap("vars") }
        #expect(throws: APIError.self) { _ = try input.bool("create") }
    }

    @Test func integersAcceptNumbersAndStrings() throws {
        let input = try WireInput(body: Array(#"{"a":5,"b":"6","c":"x","d":7.0}"#.utf8))
        #expect(try input.integer("a") == 5)
        #expect(try input.integer("b") == 6)
        #expect(try input.integer("d") == 7)
        #expect(throws: APIError.self) { _ = try input.integer("c") }
    }

    @Test func outputOmitsZeroValuesAndQuotesInt64() {
        var out = WireObject()
        out.string("empty", "")
        out.string("name", "x")
        out.bool("no", false)
        out.bool("yes", true)
        out.int32("zero", 0)
        out.int32("count", 3)
        out.int64("score", 100)
        out.wrappedBool("open", false)
        out.list("none", [])
        #expect(JSONWriter.string(out.json) == #"{"name":"x","yes":true,"count":3,"score":"100","open":false}"#)
    }

    @Test func sessionOmitsCreatedWhenFalse() {
        let created = SessionTokens(created: true, token: "t", refreshToken: "r")
        let existing = SessionTokens(created: false, token: "t", refreshToken: "r")
        #expect(JSONWriter.string(created.json) == #"{"created":true,"token":"t","refresh_token":"r"}"#)
        #expect(JSONWriter.string(existing.json) == #"{"token":"t","refresh_token":"r"}"#)
    }

    @Test func accountJSONUsesSnakeCaseAndDevices() throws {
        var user = User(id: try #require(UserID("6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")), username: "alice")
        user.displayName = "Alice"
        user.createTime = Timestamp(seconds: 1_714_557_600)
        var account = Account(user: user)
        account.deviceIDs = ["device-0001"]
        let json = account.json
        #expect(json["user"]?["display_name"] == .string("Alice"))
        #expect(json["user"]?["lang_tag"] == .string("en"))
        #expect(json["user"]?["create_time"] == .string("2024-05-01T10:00:00Z"))
        #expect(json["user"]?["edge_count"] == nil)
        #expect(json["devices"] == .array([.object(JSONObject([("id", .string("device-0001"))]))]))
        #expect(json["email"] == nil)
        #expect(json["wallet"] == .string("{}"))
    }

    @Test func errorBodyCarriesCodeAndMessage() {
        let body = ErrorBody.json(APIError(.notFound, "User account not found."))
        #expect(JSONWriter.string(body) == #"{"code":5,"message":"User account not found."}"#)
    }
}
