import ShoalCore
import ShoalConfig
import ShoalAuth
import ShoalJSON
import ShoalTestSupport
import Testing

/// A node running the given modules.
func node(_ modules: [String: String], configure: (inout NodeConfig) -> Void = { _ in }) throws -> TestNode {
    let path = try TestModules.directory(modules)
    return try TestNode {
        $0.runtime.path = path
        $0.runtime.env = ["GREETING": "hello"]
        configure(&$0)
    }
}

extension HTTPTestClient {
    func token(_ device: String = uniqueID()) throws -> String {
        let response = try request(
            "POST", "/v2/account/authenticate/device", headers: serverKey, json: ["id": .string(device)])
        return try #require(response.json?["token"]?.stringValue, "\(response)")
    }

    /// Calls an RPC the way SDKs do (JSON-encoded string body) and returns the response.
    func rpc(_ id: String, _ payload: String, headers: [(String, String)]) throws -> Response {
        try request("POST", "/v2/rpc/\(id)", headers: headers, json: .string(payload))
    }

    /// Calls an RPC with the http key and returns its payload decoded as JSON.
    func rpcJSON(_ id: String, _ payload: String = "") throws -> JSON {
        let keyed = try request("POST", "/v2/rpc/\(id)?http_key=defaulthttpkey", json: .string(payload))
        let text = try #require(keyed.json?["payload"]?.stringValue, "\(keyed)")
        return try JSONParser.parse(text)
    }
}

