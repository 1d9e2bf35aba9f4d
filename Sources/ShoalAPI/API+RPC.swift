import ShoalAuth
import ShoalCore
import ShoalHTTP
import ShoalJSON
import ShoalProtocol
import ShoalRuntime

/// `/v2/rpc/{id}`: Nakama's hand-written RPC gateway (protocol.md §2.9), not a protojson route.
extension API {
    static var rpcRoutes: [Route] {
        ["GET", "POST"].map { method in
            Route(method, restOf: "/v2/rpc", name: "Rpc", auth: .rpc) { try $0.callRPC(&$1) }
        }
    }

    func callRPC(_ context: inout RequestContext) throws -> APIResponse {
        let request = context.request
        do {
            let id = (try? pathRest(request))?.lowercased() ?? ""
            guard !id.isEmpty else { throw APIError(.invalidArgument, "RPC ID must be set") }
            guard registry.hasRPC(id), let runtime = context.runtime else {
                throw APIError(.notFound, "RPC function not found")
            }
            let unwrap = request.query.contains("unwrap")
            var payload = ""
            if request.method == "POST" && !request.body.isEmpty {
                if unwrap {
                    payload = String(decoding: request.body, as: UTF8.self)
                } else {
                    guard case .string(let text)? = try? JSONParser.parse(request.body) else {
                        throw APIError(.invalidArgument, "Unable to parse request body: body must be a JSON string.")
                    }
                    payload = text
                }
            }
            var runtimeContext = self.runtimeContext(
                .rpc, claims: context.session, clientAddress: request.clientAddress, clientPort: request.clientPort,
                traceID: context.traceID)
            for (name, value) in request.headers { runtimeContext.headers[name, default: []].append(value) }
            for (name, value) in request.query.pairs where name != "http_key" {
                runtimeContext.queryParams[name, default: []].append(value)
            }
            let result = try runtime.rpc(id, context: runtimeContext, payload: payload) ?? ""
            if unwrap {
                var response = APIResponse(status: 200, body: Array(result.utf8))
                response.headers.add("Content-Type", request.headers["Content-Type"] ?? "text/plain")
                return response
            }
            var response = APIResponse(status: 200, body: JSONWriter.write(.object(JSONObject([("payload", .string(result))]))))
            response.headers.add("Content-Type", "application/json")
            return response
        } catch {
            return rpcErrorResponse(API.apiError(error))
        }
    }

    /// RPC errors carry an `error` member beside Nakama's `code` and `message`.
    func rpcErrorResponse(_ error: APIError) -> APIResponse {
        let body = JSON.object(JSONObject([
            ("error", .string(error.message)), ("message", .string(error.message)), ("code", .int(Int64(error.code.rawValue))),
        ]))
        var response = APIResponse(status: error.code.httpStatus, body: JSONWriter.write(body))
        response.headers.add("Content-Type", "application/json")
        return response
    }

    private func pathRest(_ request: APIRequest) throws -> String {
        let prefix = "/v2/rpc/"
        guard request.path.hasPrefix(prefix) else { return "" }
        let rest = request.path.dropFirst(prefix.count)
        return PercentDecoding.decode(rest) ?? String(rest)
    }

    /// RPC authentication order: `?http_key=`, then an Authorization header (Basic http key or Bearer session).
    func authenticateRPC(_ request: APIRequest, now: Int64) throws(APIError) -> SessionClaims? {
        let httpKey = Array(config.runtime.httpKey.utf8)
        if let key = request.query["http_key"] {
            guard ConstantTime.equals(Array(key.utf8), httpKey) else { throw APIError(.unauthenticated, "HTTP key invalid") }
            return nil
        }
        guard let header = request.headers["Authorization"] else {
            throw APIError(.unauthenticated, "Auth token or HTTP key required")
        }
        if let user = BasicAuth.username(fromHeader: header) {
            guard ConstantTime.equals(Array(user.utf8), httpKey) else { throw APIError(.unauthenticated, "HTTP key invalid") }
            return nil
        }
        return try authenticate(request, mode: .session, now: now)
    }
}
