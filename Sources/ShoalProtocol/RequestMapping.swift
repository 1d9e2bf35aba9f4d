import ShoalCore
import ShoalJSON

/// How grpc-gateway turns an HTTP request into the API's request message: the body fills the whole
/// message or one field of it, and declared query parameters and path parameters fill the rest.
///
/// Building the message first is what lets every route offer the same request to before/after hooks.
package struct RequestMapping: Sendable {
    package enum Body: Sendable, Equatable {
        /// No body is read (GET and the body-less calls).
        case none
        /// The body is the whole message (`body: "*"`).
        case whole
        /// The body is one field of the message (`body: "account"`).
        case field(String)
    }

    /// A query parameter's proto type; names are matched in snake_case or lowerCamel form.
    package enum QueryKind: Sendable, Equatable {
        case string, bool, integer, strings
    }

    package var body: Body
    package var query: [(name: String, kind: QueryKind)]

    package init(body: Body = .none, query: [(name: String, kind: QueryKind)] = []) {
        self.body = body
        self.query = query
    }

    /// The request message. `queryValues` returns every value of a query parameter, in order.
    package func message(
        body bytes: [UInt8], queryValues: (String) -> [String], pathParameters: [String: String]
    ) throws(APIError) -> JSONObject {
        var message = JSONObject()
        switch body {
        case .none:
            break
        case .whole:
            message = try WireInput(body: bytes).object
        case .field(let name):
            message[name] = .object(try WireInput(body: bytes).object)
        }
        for (name, kind) in query {
            var values = queryValues(name)
            let camel = WireInput.lowerCamel(name)
            if values.isEmpty && camel != name { values = queryValues(camel) }
            guard let first = values.first else { continue }
            switch kind {
            case .string:
                message[name] = .string(first)
            case .strings:
                message[name] = .array(values.map { .string($0) })
            case .bool:
                switch first.lowercased() {
                case "true", "1", "t": message[name] = .bool(true)
                case "false", "0", "f": message[name] = .bool(false)
                default: throw APIError(.invalidArgument, "Invalid value for query parameter '\(name)'.")
                }
            case .integer:
                guard let number = Int64(first) else {
                    throw APIError(.invalidArgument, "Invalid value for query parameter '\(name)'.")
                }
                message[name] = .int(number)
            }
        }
        for (name, value) in pathParameters {
            message[name] = .string(value)
        }
        return message
    }
}
