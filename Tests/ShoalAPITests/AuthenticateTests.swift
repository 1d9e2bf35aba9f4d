import ShoalJSON
import ShoalTestSupport
import Testing

@Suite struct AuthenticateTests {
    @Test func deviceAuthenticationCreatesThenLogsIn() throws {
        let client = try Shared.client()
        let device = uniqueID()
        let first = try client.authenticateDevice(device)
        #expect(first["created"] == .bool(true))
        let token = try #require(first["token"]?.stringValue)
        #expect(first["refresh_token"]?.stringValue?.isEmpty == false)
        let payload = try claims(of: token)
        #expect(payload["uid"]?.stringValue?.count == 36)
        #expect(payload["usn"]?.stringValue?.count == 10)
        #expect(payload["tid"]?.stringValue?.count == 36)
        #expect(payload["exp"]?.intValue != nil)
        #expect(payload["iat"]?.intValue != nil)

        let second = try client.authenticateDevice(device)
        #expect(second["created"] == nil)
        #expect(try claims(of: try #require(second["token"]?.stringValue))["uid"] == payload["uid"])
    }

    @Test func usernameAndVarsAreUsedOnCreate() throws {
        let client = try Shared.client()
        let name = uniqueID("name")
        let response = try client.request(
            "POST", "/v2/account/authenticate/custom?username=\(name)", headers: serverKey,
            json: ["id": .string(uniqueID("custom")), "vars": ["level": "7"]])
        #expect(response.status == 200, "\(response)")
        let payload = try claims(of: try #require(response.json?["token"]?.stringValue))
        #expect(payload["usn"] == .string(name))
        #expect(payload["vrs"]?["level"] == .string("7"))
    }

    @Test func createFalseOnUnknownDeviceIsNotFound() throws {
        let response = try Shared.client().request(
            "POST", "/v2/account/authenticate/device?create=false", headers: serverKey, json: ["id": .string(uniqueID())])
        expectError(response, status: 404, code: 5, message: "User account not found.")
    }

    @Test func takenUsernameIsAlreadyExists() throws {
        let client = try Shared.client()
        let name = uniqueID("taken")
        _ = try client.authenticateDevice(uniqueID(), query: "?username=\(name)")
        let response = try client.request(
            "POST", "/v2/account/authenticate/device?username=\(name)", headers: serverKey,
            json: ["id": .string(uniqueID())])
        expectError(response, status: 409, code: 6, message: "Username is already in use.")
    }

    @Test func serverKeyIsRequiredAndChecked() throws {
        let client = try Shared.client()
        let missing = try client.request("POST", "/v2/account/authenticate/device", json: ["id": .string(uniqueID())])
        expectError(missing, status: 401, code: 16, message: "Server key required")
        let wrong = try client.request(
            "POST", "/v2/account/authenticate/device", headers: [("Authorization", "Basic d3Jvbmc6")],
            json: ["id": .string(uniqueID())])
        expectError(wrong, status: 401, code: 16, message: "Server key invalid")
        #expect(wrong.header("WWW-Authenticate") == "Server key invalid")
        let garbage = try client.request(
            "POST", "/v2/account/authenticate/device", headers: [("Authorization", "Basic !!!")],
            json: ["id": .string(uniqueID())])
        expectError(garbage, status: 401, code: 16)
    }

    @Test(arguments: [#"{"id":"short"}"#, #"{"id":"has spaces in it"}"#, #"{}"#, #"{"id":12345678901}"#])
    func invalidDeviceIDsAreInvalidArgument(_ body: String) throws {
        let response = try Shared.client().request(
            "POST", "/v2/account/authenticate/device", headers: serverKey, body: Array(body.utf8))
        expectError(response, status: 400, code: 3)
    }

    @Test func emailAuthenticationChecksThePassword() throws {
        let client = try Shared.client()
        let email = uniqueID("Mail") + "@Example.com"
        let created = try client.request(
            "POST", "/v2/account/authenticate/email", headers: serverKey,
            json: ["email": .string(email), "password": "correct horse"])
        #expect(created.status == 200, "\(created)")
        #expect(created.json?["created"] == .bool(true))

        let again = try client.request(
            "POST", "/v2/account/authenticate/email", headers: serverKey,
            json: ["email": .string(email.lowercased()), "password": "correct horse"])
        #expect(again.status == 200)
        #expect(again.json?["created"] == nil)

        let wrong = try client.request(
            "POST", "/v2/account/authenticate/email", headers: serverKey,
            json: ["email": .string(email), "password": "battery staple"])
        expectError(wrong, status: 401, code: 16, message: "Invalid credentials.")

        let short = try client.request(
            "POST", "/v2/account/authenticate/email", headers: serverKey,
            json: ["email": .string(email), "password": "short"])
        expectError(short, status: 400, code: 3)
    }

    @Test func usernameAndPasswordLogin() throws {
        let client = try Shared.client()
        let name = uniqueID("user")
        let created = try client.request(
            "POST", "/v2/account/authenticate/email?username=\(name)", headers: serverKey,
            json: ["email": .string(uniqueID("e") + "@example.com"), "password": "password123"])
        #expect(created.status == 200, "\(created)")
        let login = try client.request(
            "POST", "/v2/account/authenticate/email?username=\(name)", headers: serverKey,
            json: ["password": "password123"])
        #expect(login.status == 200, "\(login)")
        let bad = try client.request(
            "POST", "/v2/account/authenticate/email?username=\(name)", headers: serverKey,
            json: ["password": "password124"])
        expectError(bad, status: 401, code: 16, message: "Invalid credentials.")
        let unknown = try client.request(
            "POST", "/v2/account/authenticate/email?username=\(uniqueID("nobody"))", headers: serverKey,
            json: ["password": "password123"])
        expectError(unknown, status: 404, code: 5)
    }

    @Test func concurrentFirstLoginsOfOneDeviceShareOneAccount() async throws {
        let port = try Shared.node.get().port
        let device = uniqueID()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let session = try HTTPTestClient(port: port).authenticateDevice(device)
                    return try claims(of: try #require(session["token"]?.stringValue))["uid"]?.stringValue ?? ""
                }
            }
            var all: Set<String> = []
            for try await id in group { all.insert(id) }
            return all
        }
        #expect(ids.count == 1)
        #expect(ids.first?.count == 36)
    }
}
