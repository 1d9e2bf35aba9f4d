import ShoalJSON
import ShoalTestSupport
import Testing

@Suite struct SessionTests {
    @Test func refreshIssuesANewSessionWithTheSameTokenID() throws {
        let client = try Shared.client()
        let session = try client.authenticateDevice(uniqueID())
        let token = try #require(session["token"]?.stringValue)
        let refresh = try #require(session["refresh_token"]?.stringValue)
        let response = try client.request(
            "POST", "/v2/account/session/refresh", headers: serverKey, json: ["token": .string(refresh)])
        #expect(response.status == 200, "\(response)")
        let renewed = try #require(response.json?["token"]?.stringValue)
        #expect(response.json?["created"] == nil)
        #expect(try claims(of: renewed)["tid"] == (try claims(of: token))["tid"])
        #expect(try claims(of: renewed)["iat"] == (try claims(of: token))["iat"])
        #expect(try client.request("GET", "/v2/account", headers: bearer(renewed)).status == 200)
    }

    @Test func refreshCarriesOrReplacesVars() throws {
        let client = try Shared.client()
        let session = try #require(
            try client.request(
                "POST", "/v2/account/authenticate/device", headers: serverKey,
                json: ["id": .string(uniqueID()), "vars": ["a": "1"]]
            ).json)
        let refresh = try #require(session["refresh_token"]?.stringValue)
        let kept = try client.request("POST", "/v2/account/session/refresh", headers: serverKey, json: ["token": .string(refresh)])
        #expect(try claims(of: try #require(kept.json?["token"]?.stringValue))["vrs"]?["a"] == .string("1"))
        let replaced = try client.request(
            "POST", "/v2/account/session/refresh", headers: serverKey, json: ["token": .string(refresh), "vars": ["b": "2"]])
        let vars = try claims(of: try #require(replaced.json?["token"]?.stringValue))["vrs"]
        #expect(vars?["b"] == .string("2"))
        #expect(vars?["a"] == nil)
    }

    @Test func refreshRejectsBadInput() throws {
        let client = try Shared.client()
        let session = try client.authenticateDevice(uniqueID())
        expectError(
            try client.request("POST", "/v2/account/session/refresh", headers: serverKey, json: [:]), status: 400,
            code: 3, message: "Refresh token is required.")
        // A session token is not a refresh token (signed with the other key).
        expectError(
            try client.request(
                "POST", "/v2/account/session/refresh", headers: serverKey, json: ["token": session["token"]!]),
            status: 401, code: 16, message: "Refresh token invalid or expired.")
        expectError(
            try client.request(
                "POST", "/v2/account/session/refresh", json: ["token": session["refresh_token"]!]),
            status: 401, code: 16, message: "Server key required")
    }

    @Test func logoutRevokesTheGivenTokens() throws {
        let client = try Shared.client()
        let device = uniqueID()
        let session = try client.authenticateDevice(device)
        let token = try #require(session["token"]?.stringValue)
        let refresh = try #require(session["refresh_token"]?.stringValue)
        let other = try #require(try client.authenticateDevice(device)["token"]?.stringValue)

        let logout = try client.request(
            "POST", "/v2/session/logout", headers: bearer(token),
            json: ["token": .string(token), "refresh_token": .string(refresh)])
        #expect(logout.status == 200, "\(logout)")
        expectError(try client.request("GET", "/v2/account", headers: bearer(token)), status: 401, code: 16)
        expectError(
            try client.request("POST", "/v2/account/session/refresh", headers: serverKey, json: ["token": .string(refresh)]),
            status: 401, code: 16)
        // Another session of the same user is untouched.
        #expect(try client.request("GET", "/v2/account", headers: bearer(other)).status == 200)
    }

    @Test func logoutWithoutTokensRevokesEverySessionOfTheUser() throws {
        let client = try Shared.client()
        let device = uniqueID()
        let first = try client.token(forNewDevice: device)
        let second = try #require(try client.authenticateDevice(device)["token"]?.stringValue)
        #expect(try client.request("POST", "/v2/session/logout", headers: bearer(first), json: [:]).status == 200)
        for token in [first, second] {
            expectError(try client.request("GET", "/v2/account", headers: bearer(token)), status: 401, code: 16)
        }
        // Logging in again right away works.
        let fresh = try #require(try client.authenticateDevice(device)["token"]?.stringValue)
        #expect(try client.request("GET", "/v2/account", headers: bearer(fresh)).status == 200)
    }

    @Test func logoutRefusesSomeoneElsesToken() throws {
        let client = try Shared.client()
        let mine = try client.token()
        let theirs = try client.authenticateDevice(uniqueID())
        expectError(
            try client.request("POST", "/v2/session/logout", headers: bearer(mine), json: ["token": theirs["token"]!]),
            status: 400, code: 3, message: "Session token invalid.")
        expectError(
            try client.request(
                "POST", "/v2/session/logout", headers: bearer(mine), json: ["refresh_token": theirs["refresh_token"]!]),
            status: 400, code: 3, message: "Refresh token invalid.")
        #expect(try client.request("GET", "/v2/account", headers: bearer(theirs["token"]!.stringValue!)).status == 200)
    }

    @Test func revocationHoldsOnAnotherNodeAndAfterRestart() throws {
        let first = try TestNode()
        let client = first.client()
        let token = try client.token()
        #expect(try client.request("POST", "/v2/session/logout", headers: bearer(token), json: ["token": .string(token)]).status == 200)

        // A second node on the same database refuses it from its start-up snapshot.
        let second = try TestNode(sharingDatabaseWith: first)
        expectError(try second.client().request("GET", "/v2/account", headers: bearer(token)), status: 401, code: 16)

        // A revocation made on the first node after the second started reaches it by polling.
        let later = try client.token()
        #expect(try second.client().request("GET", "/v2/account", headers: bearer(later)).status == 200)
        #expect(try client.request("POST", "/v2/session/logout", headers: bearer(later), json: [:]).status == 200)
        var refused = false
        for _ in 0..<50 where !refused {
            refused = try second.client().request("GET", "/v2/account", headers: bearer(later)).status == 401
            if !refused { sleepMilliseconds(100) }
        }
        #expect(refused)
        first.stop()
        second.stop()
    }
}
