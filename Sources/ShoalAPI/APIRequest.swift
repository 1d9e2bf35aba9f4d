import ShoalHTTP

/// One REST call as the API sees it: the parsed HTTP request plus where it came from.
package struct APIRequest: Sendable {
    package var method: String
    package var path: String
    package var query: URLQuery
    package var headers: HTTPHeaders
    package var body: [UInt8]
    package var clientAddress: String
    package var clientPort: Int

    package init(_ request: HTTPRequest, clientAddress: String, clientPort: Int) {
        method = request.method
        path = request.path
        query = URLQuery(request.query)
        headers = request.headers
        body = request.body
        self.clientAddress = clientAddress
        self.clientPort = clientPort
    }
}

/// What the API answers; the node's HTTP shell serialises it.
package struct APIResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package var http: HTTPResponse { HTTPResponse(status: status, headers: headers, body: body) }
}
