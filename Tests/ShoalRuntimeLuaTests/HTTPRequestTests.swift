import ShoalJSON
import ShoalTestSupport
import Testing

/// `nk.http_request` against a real local HTTP server, and the guide's Pokéapi example pointed at it.
@Suite struct HTTPRequestTests {
    static let modules = [
        "http.lua": """
            local nk = require("nakama")
            nk.register_rpc(function(ctx, payload)
              local request = nk.json_decode(payload)
              local code, headers, body = nk.http_request(request.url, request.method, {["X-Test"] = "yes"}, request.body)
              return nk.json_encode({code = code, content_type = headers["Content-Type"], body = body})
            end, "fetch")
            nk.register_rpc(function(ctx, payload)
              local ok, err = pcall(nk.http_request, payload, "GET", {}, nil, 200)
              return tostring(ok) .. " " .. tostring(err)
            end, "fetch_error")
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result { try node(modules) }

    @Test func requestAndResponseCrossTheWire() throws {
        let server = try CannedServer(
            respond: "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
        let client = try Self.shared.get().client()
        let payload = JSONWriter.string([
            "url": .string("http://127.0.0.1:\(server.port)/things?x=1"), "method": "post", "body": "hello",
        ])
        let result = try client.rpcJSON("fetch", payload)
        #expect(result["code"] == .int(201))
        #expect(result["content_type"] == .string("application/json"))
        #expect(result["body"] == .string(#"{"ok":true}"#))
        let received = try #require(server.finish())
        #expect(received.method == "POST")
        #expect(received.target == "/things?x=1")
        #expect(received.headers["X-Test"] == "yes")
        #expect(received.body == Array("hello".utf8))
    }

    @Test func failuresAreLuaErrors() throws {
        let client = try Self.shared.get().client()
        let refused = try client.request("POST", "/v2/rpc/fetch_error?http_key=defaulthttpkey", json: .string("http://127.0.0.1:1/"))
        #expect(refused.json?["payload"]?.stringValue?.hasPrefix("false ") == true)
        let silent = try CannedServer(.silent)
        let timedOut = try client.request(
            "POST", "/v2/rpc/fetch_error?http_key=defaulthttpkey", json: .string("http://127.0.0.1:\(silent.port)/"))
        #expect(timedOut.json?["payload"]?.stringValue?.contains("timeout") == true)
        _ = silent.finish()
        let badURL = try client.request("POST", "/v2/rpc/fetch_error?http_key=defaulthttpkey", json: .string("ftp://x"))
        #expect(badURL.json?["payload"]?.stringValue?.contains("invalid url") == true)
    }

    @Test func guidePokemonExampleAgainstALocalAPI() throws {
        let samples = SampleTests.samples
        let pokeapi = try String(contentsOfFile: samples + "/pokeapi.lua")
        let pokemon = try String(contentsOfFile: samples + "/pokemon.lua")
        let server = try CannedServer(
            respond: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 90\r\n\r\n"
                + #"{"name":"dragonite","height":22,"weight":2100,"sprites":{"front_default":"https://x/149"}}"#)
        let local = pokeapi.replacingOccurrences(of: "https://pokeapi.co/api/v2", with: "http://127.0.0.1:\(server.port)/api/v2")
        let running = try node(["pokeapi.lua": local, "pokemon.lua": pokemon])
        let client = running.client()
        let response = try client.rpc("get_pokemon", #"{"PokemonName": "dragonite"}"#, headers: bearer(try client.token()))
        #expect(response.status == 200, "\(response)")
        let info = try JSONParser.parse(try #require(response.json?["payload"]?.stringValue))
        #expect(info["name"] == .string("dragonite"))
        #expect(info["height"] == .int(22))
        #expect(info["image"] == .string("https://x/149"))
        #expect(server.finish()?.target == "/api/v2/pokemon/dragonite")
        running.stop()
    }
}
