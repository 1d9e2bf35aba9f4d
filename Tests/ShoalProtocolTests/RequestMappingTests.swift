import ShoalCore
import ShoalJSON
import Testing
@testable import ShoalProtocol

@Suite struct RequestMappingTests {
    let authenticate = RequestMapping(body: .field("account"), query: [("create", .bool), ("username", .string)])

    @Test func bodyFieldAndQueryBuildTheMessage() throws {
        let message = try authenticate.message(
            body: Array(#"{"id":"device-123456"}"#.utf8),
            queryValues: { ["create": ["false"], "username": ["bob"]][$0] ?? [] }, pathParameters: [:])
        #expect(JSONWriter.string(.object(message)) == #"{"account":{"id":"device-123456"},"create":false,"username":"bob"}"#)
    }

    @Test func camelCaseQueryNamesAndRepeatedValues() throws {
        let mapping = RequestMapping(query: [("facebook_ids", .strings), ("limit", .integer)])
        let message = try mapping.message(
            body: [], queryValues: { ["facebookIds": ["a", "b"], "limit": ["5"]][$0] ?? [] }, pathParameters: ["id": "x"])
        #expect(message["facebook_ids"] == .array(["a", "b"]))
        #expect(message["limit"] == .int(5))
        #expect(message["id"] == .string("x"))
    }

    @Test func badQueryValuesAreInvalidArgument() {
        for (name, value) in [("create", "maybe")] {
            let error = #expect(throws: APIError.self) {
                _ = try authenticate.message(body: [], queryValues: { $0 == name ? [value] : [] }, pathParameters: [:])
            }
            #expect(error?.code == .invalidArgument)
        }
        let integer = RequestMapping(query: [("limit", .integer)])
        #expect(throws: APIError.self) {
            _ = try integer.message(body: [], queryValues: { _ in ["ten"] }, pathParameters: [:])
        }
    }

    @Test func wholeBodyMustBeAnObject() {
        #expect(throws: APIError.self) {
            _ = try RequestMapping(body: .whole).message(body: Array("[1]".utf8), queryValues: { _ in [] }, pathParameters: [:])
        }
    }
}
