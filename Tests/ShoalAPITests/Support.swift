import ShoalCore
import ShoalAuth
import ShoalJSON
import ShoalTestSupport
import Testing

/// One node shared by the API suites (each test uses its own users, so they do not interfere).
enum Shared {
    static let node: Result<TestNode, any Error> = Result { try TestNode() }

    static func client() throws -> HTTPTestClient { try node.get().client() }
}

/// The decoded payload of a JWT (tests read claims the way SDKs do).
func claims(of token: String) throws -> JSON {
    let parts = token.split(separator: ".")
    #expect(parts.count == 3)
    let payload = try #require(Base64.decode(parts[1]))
    return try JSONParser.parse(payload)
}

extension HTTPTestClient {
    /// Authenticates a device and returns the session JSON (asserting success).
    func authenticateDevice(_ id: String, query: String = "") throws -> JSON {
        let response = try request(
            "POST", "/v2/account/authenticate/device\(query)", headers: serverKey, json: ["id": .string(id)])
        #expect(response.status == 200, "\(response)")
        return try #require(response.json)
    }

    func token(forNewDevice id: String = uniqueID()) throws -> String {
        try #require(try authenticateDevice(id)["token"]?.stringValue)
    }
}

func expectError(_ response: HTTPTestClient.Response, status: Int, code: Int, message: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.status == status, "\(response)", sourceLocation: sourceLocation)
    #expect(response.json?["code"]?.intValue == Int64(code), "\(response)", sourceLocation: sourceLocation)
    if let message {
        #expect(response.json?["message"]?.stringValue == message, "\(response)", sourceLocation: sourceLocation)
    }
}
