import ShoalJSON

/// A decoded client frame (`{"cid": "...", "<message_key>": {...}}`): the request and the cid its reply
/// must echo.
///
/// Decoding follows protojson's input rules with one deliberate difference (protocol §10): unknown keys,
/// in the envelope or inside a message, are ignored, where Nakama closes the socket. Keys may be snake_case
/// or lowerCamel; int64 fields accept numbers or strings; `bytes` accept either base64 alphabet, padded or
/// not; a message key whose value is `null` counts as absent. Everything else that is mistyped is
/// `EnvelopeError.malformed`. An empty `cid` is no cid, as on the wire.
package struct ClientEnvelope: Sendable, Equatable {
    package var cid: String?
    package var message: RealtimeRequest

    package init(cid: String? = nil, message: RealtimeRequest) {
        self.cid = cid
        self.message = message
    }

    /// Decodes one text frame.
    package static func decode(_ text: [UInt8]) throws(EnvelopeError) -> ClientEnvelope {
        let value: JSON
        do { value = try JSONParser.parse(text) } catch { throw .malformed(error.description) }
        return try ClientEnvelope(json: value)
    }

    package static func decode(_ text: String) throws(EnvelopeError) -> ClientEnvelope {
        try decode(Array(text.utf8))
    }

    /// Reads an already parsed envelope, such as the table a before-hook returns.
    package init(json: JSON) throws(EnvelopeError) {
        guard case .object(let object) = json else { throw .malformed("an envelope must be a JSON object") }
        var cid: String?
        var found: (key: String, value: JSON)?
        for (name, value) in object {
            if name == "cid" {
                switch value {
                case .null: break
                case .string(let text): cid = text.isEmpty ? nil : text
                default: throw .malformed("Invalid value for field 'cid': expected a string.")
                }
                continue
            }
            let key = RealtimeRequest.snakeCase(name)
            guard RealtimeRequest.nakamaKeys.contains(key), value != .null else { continue }
            if let found { throw .malformed("an envelope carries one message, found '\(found.key)' and '\(key)'") }
            found = (key, value)
        }
        guard let found else { throw .missingPayload(cid: cid) }
        let input = try RealtimeInput(message: found.value, key: found.key)
        guard let message = try RealtimeRequest(key: found.key, message: input) else {
            throw .unrecognizedPayload(key: found.key, cid: cid)
        }
        self.init(cid: cid, message: message)
    }

    /// The envelope by protojson's output rules: `{"cid": ..., "<key>": {...}}`, cid omitted when nil.
    package var json: JSON {
        var object = JSONObject()
        if let cid { object["cid"] = .string(cid) }
        object[message.key] = message.payloadJSON
        return .object(object)
    }
}
