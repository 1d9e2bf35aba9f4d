import ShoalCore
import ShoalJSON

/// The default server key as a Basic `Authorization` header, for authenticate and other server-key calls.
package let serverKey = [("Authorization", "Basic " + Base64.encode(Array("defaultkey:".utf8)))]

package func bearer(_ token: String) -> [(String, String)] { [("Authorization", "Bearer " + token)] }

/// A fresh identifier (device ids, room names) so tests sharing a node or database never collide.
package func uniqueID(_ prefix: String = "device") -> String {
    var generator = SystemRandomNumberGenerator()
    return prefix + "-" + String(generator.next() as UInt64, radix: 16)
}

extension HTTPTestClient {
    package struct AccountFailure: Error, CustomStringConvertible {
        package var description: String
    }

    /// A new device account: its session token and user id.
    package func account() throws -> (token: String, id: String) {
        let response = try request(
            "POST", "/v2/account/authenticate/device", headers: serverKey, json: ["id": .string(uniqueID())])
        guard let token = response.json?["token"]?.stringValue else { throw AccountFailure(description: "\(response)") }
        let account = try request("GET", "/v2/account", headers: bearer(token)).json
        guard let id = account?["user"]?["id"]?.stringValue else { throw AccountFailure(description: "no user id") }
        return (token, id)
    }
}
