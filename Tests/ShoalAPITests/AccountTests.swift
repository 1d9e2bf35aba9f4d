import ShoalJSON
import ShoalTestSupport
import Testing

@Suite struct AccountTests {
    @Test func getAccountReturnsProfileAndDevices() throws {
        let client = try Shared.client()
        let device = uniqueID()
        let token = try client.token(forNewDevice: device)
        let response = try client.request("GET", "/v2/account", headers: bearer(token))
        #expect(response.status == 200, "\(response)")
        let account = try #require(response.json)
        #expect(account["user"]?["id"] == (try claims(of: token))["uid"])
        #expect(account["user"]?["lang_tag"] == .string("en"))
        #expect(account["user"]?["create_time"]?.stringValue?.hasSuffix("Z") == true)
        #expect(account["devices"] == .array([["id": .string(device)]]))
        #expect(account["wallet"] == .string("{}"))
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("Cache-Control") == "no-store, no-cache, must-revalidate")
    }

    @Test func missingTamperedAndExpiredTokensAreUnauthenticated() throws {
        let client = try Shared.client()
        expectError(try client.request("GET", "/v2/account"), status: 401, code: 16, message: "Auth token required")
        let token = try client.token()
        var tampered = Array(token)
        let middle = tampered.count / 2
        tampered[middle] = tampered[middle] == "a" ? "b" : "a"
        for bad in [String(tampered), "garbage", "a.b.c", token + "x"] {
            expectError(
                try client.request("GET", "/v2/account", headers: bearer(bad)), status: 401, code: 16,
                message: "Auth token invalid")
        }
        expectError(
            try client.request("GET", "/v2/account", headers: [("Authorization", "Basic " + token)]), status: 401,
            code: 16)
    }

    @Test func expiredTokenIsRefused() throws {
        let client = HTTPTestClient(port: try shortLivedNode.get().port)
        let token = try client.token()
        #expect(try client.request("GET", "/v2/account", headers: bearer(token)).status == 200)
        // session.token_expiry_sec is 1 on this node: wait until the token has passed its exp.
        let exp = try #require(try claims(of: token)["exp"]?.intValue)
        while unixNow() <= exp { sleepMilliseconds(100) }
        expectError(try client.request("GET", "/v2/account", headers: bearer(token)), status: 401, code: 16)
    }

    @Test func updateAccountChangesOnlyPresentFields() throws {
        let client = try Shared.client()
        let token = try client.token()
        let name = uniqueID("renamed")
        let update = try client.request(
            "PUT", "/v2/account", headers: bearer(token),
            json: ["username": .string(name), "displayName": "Display", "avatar_url": "http://a/b.png", "timezone": "UTC"])
        #expect(update.status == 200, "\(update)")
        #expect(update.json == .object(JSONObject()))
        var user = try #require(try client.request("GET", "/v2/account", headers: bearer(token)).json?["user"])
        #expect(user["username"] == .string(name))
        #expect(user["display_name"] == .string("Display"))
        #expect(user["avatar_url"] == .string("http://a/b.png"))

        _ = try client.request("PUT", "/v2/account", headers: bearer(token), json: ["display_name": ""])
        user = try #require(try client.request("GET", "/v2/account", headers: bearer(token)).json?["user"])
        #expect(user["display_name"] == nil)
        #expect(user["timezone"] == .string("UTC"))
    }

    @Test func updateAccountRejectsBadInput() throws {
        let client = try Shared.client()
        let token = try client.token()
        expectError(
            try client.request("PUT", "/v2/account", headers: bearer(token), json: [:]), status: 400, code: 3,
            message: "No fields to update.")
        expectError(
            try client.request("PUT", "/v2/account", headers: bearer(token), json: ["username": ""]), status: 400,
            code: 3)
        expectError(
            try client.request("PUT", "/v2/account", headers: bearer(token), json: ["display_name": 5]), status: 400,
            code: 3)
        expectError(
            try client.request("PUT", "/v2/account", headers: bearer(token), body: Array("{not json".utf8)),
            status: 400, code: 3)
        let other = uniqueID("other")
        _ = try client.authenticateDevice(uniqueID(), query: "?username=\(other)")
        let taken = try client.request("PUT", "/v2/account", headers: bearer(token), json: ["username": .string(other)])
        expectError(taken, status: 400, code: 3, message: "Username is already in use.")
    }

    @Test func deleteAccountRevokesItsTokens() throws {
        let client = try Shared.client()
        let device = uniqueID()
        let token = try client.token(forNewDevice: device)
        let deleted = try client.request("DELETE", "/v2/account", headers: bearer(token))
        #expect(deleted.status == 200, "\(deleted)")
        expectError(try client.request("GET", "/v2/account", headers: bearer(token)), status: 401, code: 16)
        let again = try client.authenticateDevice(device)
        #expect(again["created"] == .bool(true))
    }

    @Test func linkAndUnlinkIdentities() throws {
        let client = try Shared.client()
        let device = uniqueID()
        let token = try client.token(forNewDevice: device)
        let custom = uniqueID("custom")
        #expect(try client.request("POST", "/v2/account/link/custom", headers: bearer(token), json: ["id": .string(custom)]).status == 200)
        let email = uniqueID("link") + "@example.com"
        let linkedEmail = try client.request(
            "POST", "/v2/account/link/email", headers: bearer(token),
            json: ["email": .string(email), "password": "password123"])
        #expect(linkedEmail.status == 200, "\(linkedEmail)")
        let second = uniqueID()
        #expect(try client.request("POST", "/v2/account/link/device", headers: bearer(token), json: ["id": .string(second)]).status == 200)

        let account = try #require(try client.request("GET", "/v2/account", headers: bearer(token)).json)
        #expect(account["custom_id"] == .string(custom))
        #expect(account["email"] == .string(email))
        #expect(account["devices"]?.arrayValue?.count == 2)

        // The custom id now logs in to the same account.
        let viaCustom = try client.request(
            "POST", "/v2/account/authenticate/custom?create=false", headers: serverKey, json: ["id": .string(custom)])
        #expect(try claims(of: try #require(viaCustom.json?["token"]?.stringValue))["uid"] == (try claims(of: token))["uid"])

        // Another user cannot take these identities.
        let otherToken = try client.token()
        expectError(
            try client.request("POST", "/v2/account/link/device", headers: bearer(otherToken), json: ["id": .string(second)]),
            status: 409, code: 6, message: "Device ID already in use.")
        expectError(
            try client.request("POST", "/v2/account/link/custom", headers: bearer(otherToken), json: ["id": .string(custom)]),
            status: 409, code: 6, message: "Custom ID is already in use.")

        for (path, body) in [
            ("/v2/account/unlink/device", ["id": JSON.string(second)] as JSONObject),
            ("/v2/account/unlink/custom", ["id": .string(custom)]),
            ("/v2/account/unlink/email", ["email": .string(email), "password": "ignored1"]),
        ] {
            let response = try client.request("POST", path, headers: bearer(token), json: .object(body))
            #expect(response.status == 200, "\(path) \(response)")
        }
        let last = try client.request("POST", "/v2/account/unlink/device", headers: bearer(token), json: ["id": .string(device)])
        expectError(
            last, status: 403, code: 7,
            message: "Cannot unlink last account identifier. Check profile exists and is not last link.")
        let notMine = try client.request(
            "POST", "/v2/account/unlink/custom", headers: bearer(otherToken), json: ["id": .string(uniqueID("custom"))])
        expectError(notMine, status: 403, code: 7)
    }

    @Test func getUsersByIDsAndUsernames() throws {
        let client = try Shared.client()
        let token = try client.token()
        let aliceName = uniqueID("alice")
        let alice = try client.authenticateDevice(uniqueID(), query: "?username=\(aliceName)")
        let aliceToken = try #require(alice["token"]?.stringValue)
        let aliceID = try #require(try claims(of: aliceToken)["uid"]?.stringValue)
        let bobName = uniqueID("bob")
        _ = try client.authenticateDevice(uniqueID(), query: "?username=\(bobName)")

        let response = try client.request(
            "GET", "/v2/user?ids=\(aliceID)&usernames=\(bobName)&usernames=\(aliceName)&usernames=nobody-here",
            headers: bearer(token))
        #expect(response.status == 200, "\(response)")
        let users = try #require(response.json?["users"]?.arrayValue)
        #expect(Set(users.compactMap { $0["username"]?.stringValue }) == [aliceName, bobName])

        let empty = try client.request("GET", "/v2/user", headers: bearer(token))
        #expect(empty.status == 200)
        #expect(empty.json == .object(JSONObject()))
        expectError(try client.request("GET", "/v2/user?ids=not-a-uuid", headers: bearer(token)), status: 400, code: 3)
    }
}

/// A node whose session tokens live one second, for expiry tests.
let shortLivedNode: Result<TestNode, any Error> = Result { try TestNode { $0.session.tokenExpirySec = 1 } }
