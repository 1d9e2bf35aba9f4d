import ShoalCore
import ShoalJSON

/// Reads a request object the way grpc-gateway does: each field by its snake_case proto name or its
/// lowerCamel JSON name, unknown fields ignored, a wrongly typed field rejected with INVALID_ARGUMENT.
package struct WireInput: Sendable {
    package let object: JSONObject

    package init(_ object: JSONObject) { self.object = object }

    /// Parses a REST body: empty means `{}`; anything but a JSON object is INVALID_ARGUMENT.
    package init(body: [UInt8]) throws(APIError) {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            self.object = JSONObject()
            return
        }
        let value: JSON
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw APIError(.invalidArgument, "Invalid JSON body: \(error)")
        }
        guard case .object(let object) = value else {
            throw APIError(.invalidArgument, "Request body must be a JSON object.")
        }
        self.object = object
    }

    /// The raw value under the snake_case name or its lowerCamel form; `null` counts as absent.
    package func value(_ protoName: String) -> JSON? {
        if let found = object[protoName], found != .null { return found }
        let camel = WireInput.lowerCamel(protoName)
        if camel != protoName, let found = object[camel], found != .null { return found }
        return nil
    }

    package func string(_ name: String) throws(APIError) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw typeError(name, "a string") }
        return text
    }

    package func bool(_ name: String) throws(APIError) -> Bool? {
        guard let value = value(name) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw typeError(name, "a boolean")
        }
    }

    /// int32/int64 fields: a JSON number or a decimal string (protojson accepts both).
    package func integer(_ name: String) throws(APIError) -> Int64? {
        guard let value = value(name) else { return nil }
        switch value {
        case .int(let number): return number
        case .double(let number) where number == number.rounded() && abs(number) < 9.2e18: return Int64(number)
        case .string(let text):
            if let number = Int64(text) { return number }
            throw typeError(name, "an integer")
        default: throw typeError(name, "an integer")
        }
    }

    /// A `map<string,string>` field.
    package func stringMap(_ name: String) throws(APIError) -> [String: String]? {
        guard let value = value(name) else { return nil }
        guard case .object(let map) = value else { throw typeError(name, "an object of strings") }
        var out: [String: String] = [:]
        for (key, item) in map {
            guard case .string(let text) = item else { throw typeError(name, "an object of strings") }
            out[key] = text
        }
        return out
    }

    /// A repeated string field.
    package func strings(_ name: String) throws(APIError) -> [String] {
        guard let value = value(name) else { return [] }
        guard case .array(let items) = value else { throw typeError(name, "a list of strings") }
        var out: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw typeError(name, "a list of strings") }
            out.append(text)
        }
        return out
    }

    package func nested(_ name: String) throws(APIError) -> WireInput? {
        guard let value = value(name) else { return nil }
        guard case .object(let inner) = value else { throw typeError(name, "an object") }
        return WireInput(inner)
    }

    private func typeError(_ name: String, _ expected: String) -> APIError {
        APIError(.invalidArgument, "Invalid value for field '\(name)': expected \(expected).")
    }

    static func lowerCamel(_ snake: String) -> String {
        var out = ""
        var upperNext = false
        for character in snake {
            if character == "_" {
                upperNext = true
            } else if upperNext {
                out += character.uppercased()
                upperNext = false
            } else {
                out.append(character)
            }
        }
        return out
    }
}
