import ShoalCore
import ShoalJSON

/// Reads one realtime message object by protojson's input rules, failing as `EnvelopeError.malformed`.
///
/// Fields are found by snake_case or lowerCamel name (see `WireInput`); unknown keys are ignored (Shoal is
/// lenient where Nakama closes the socket, protocol §10); a present field of the wrong type is malformed.
struct RealtimeInput {
    let wire: WireInput

    init(_ object: JSONObject) { self.wire = WireInput(object) }

    /// The message value under an envelope key: `null` is an empty message, anything but an object malformed.
    init(message value: JSON, key: String) throws(EnvelopeError) {
        switch value {
        case .null: self.init(JSONObject())
        case .object(let object): self.init(object)
        default: throw .malformed("'\(key)' must be an object")
        }
    }

    func string(_ name: String) throws(EnvelopeError) -> String? {
        do { return try wire.string(name) } catch { throw .malformed(error.message) }
    }

    func bool(_ name: String) throws(EnvelopeError) -> Bool? {
        guard let value = wire.value(name) else { return nil }
        guard case .bool(let flag) = value else { throw .malformed("Invalid value for field '\(name)': expected a boolean.") }
        return flag
    }

    func int32(_ name: String) throws(EnvelopeError) -> Int? {
        guard let value = try int64(name) else { return nil }
        guard let narrow = Int32(exactly: value) else {
            throw .malformed("Invalid value for field '\(name)': out of range for int32.")
        }
        return Int(narrow)
    }

    func int64(_ name: String) throws(EnvelopeError) -> Int64? {
        do { return try wire.integer(name) } catch { throw .malformed(error.message) }
    }

    func bytes(_ name: String) throws(EnvelopeError) -> [UInt8]? {
        guard let text = try string(name) else { return nil }
        guard let bytes = Base64.decode(text) else {
            throw .malformed("Invalid value for field '\(name)': expected base64.")
        }
        return bytes
    }

    func strings(_ name: String) throws(EnvelopeError) -> [String] {
        do { return try wire.strings(name) } catch { throw .malformed(error.message) }
    }

    func stringMap(_ name: String) throws(EnvelopeError) -> [String: String] {
        do { return try wire.stringMap(name) ?? [:] } catch { throw .malformed(error.message) }
    }

    func messages(_ name: String) throws(EnvelopeError) -> [RealtimeInput] {
        guard let value = wire.value(name) else { return [] }
        guard case .array(let items) = value else { throw .malformed("Invalid value for field '\(name)': expected a list.") }
        var out: [RealtimeInput] = []
        for item in items {
            guard case .object(let object) = item else {
                throw .malformed("Invalid value for field '\(name)': expected a list of objects.")
            }
            out.append(RealtimeInput(object))
        }
        return out
    }
}
