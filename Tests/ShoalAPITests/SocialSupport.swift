import ShoalJSON
import ShoalTestSupport
import Testing

/// A registered test user as the social tests need one: token, id and username.
struct TestUser {
    var token: String
    var id: String
    var username: String

    init(_ client: HTTPTestClient) throws {
        token = try client.token()
        let account = try #require(try client.request("GET", "/v2/account", headers: bearer(token)).json)
        id = try #require(account["user"]?["id"]?.stringValue)
        username = try #require(account["user"]?["username"]?.stringValue)
    }

    var headers: [(String, String)] { bearer(token) }
}

extension HTTPTestClient {
    /// `GET /v2/friend` for the user, asserting success.
    func friends(_ user: TestUser, query: String = "") throws -> [JSON] {
        let response = try request("GET", "/v2/friend\(query)", headers: user.headers)
        #expect(response.status == 200, "\(response)")
        return response.json?["friends"]?.arrayValue ?? []
    }

    /// `other`'s state in `user`'s friend list, nil when absent.
    func friendState(of user: TestUser, toward other: TestUser) throws -> Int64? {
        try friends(user).first { $0["user"]?["id"]?.stringValue == other.id }?["state"]?.intValue
    }

    func edgeCount(_ user: TestUser) throws -> Int64 {
        let account = try request("GET", "/v2/account", headers: user.headers).json
        return account?["user"]?["edge_count"]?.intValue ?? 0
    }

    /// The user's stored notifications (up to 100), oldest first.
    func notifications(_ user: TestUser) throws -> [JSON] {
        let response = try request("GET", "/v2/notification?limit=100", headers: user.headers)
        #expect(response.status == 200, "\(response)")
        return response.json?["notifications"]?.arrayValue ?? []
    }
}
