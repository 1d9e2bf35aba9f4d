import ShoalHTTP

/// Runs one fuzz input through `WebSocketReader` whole and split, and traps on any disagreement or
/// broken invariant; libFuzzer treats the trap as a crash and keeps the input.
///
/// Checked: the same messages and error whatever the split; held bytes never exceed
/// `maxMessageBytes + 125` once `next()` has returned nil; messages within the limits; every message,
/// and the Close an error sends, re-encoded by `WebSocketWriter` and masked as a client would, reads
/// back unchanged.
func fuzzWebSocketReader(_ data: [UInt8]) {
    let maxMessageBytes = 1024
    let whole = FuzzOutcome.run([data[...]], maxMessageBytes: maxMessageBytes)
    if !data.isEmpty {
        let cut = (Int(data[0]) << 8 | Int(data[data.count - 1])) % (data.count + 1)
        let split = FuzzOutcome.run([data[..<cut], data[cut...]], maxMessageBytes: maxMessageBytes)
        precondition(split == whole, "split at \(cut) changed the result")
        let step = Int(data[data.count / 2] % 7) + 1
        let pieces = stride(from: 0, to: data.count, by: step).map { data[$0..<min($0 + step, data.count)] }
        precondition(FuzzOutcome.run(pieces, maxMessageBytes: maxMessageBytes) == whole, "feeding \(step) bytes at a time changed the result")
    }
    let key: [UInt8] = data.count >= 4 ? Array(data.suffix(4)) : [0x37, 0xFA, 0x21, 0x3D]
    for message in whole.messages {
        switch message {
        case .text(let text): precondition(text.utf8.count <= maxMessageBytes, "text over the limit")
        case .binary(let bytes): precondition(bytes.count <= maxMessageBytes, "binary over the limit")
        case .ping(let bytes), .pong(let bytes): precondition(bytes.count <= 125, "control payload over 125 bytes")
        case .close(let code, let reason):
            precondition(code != nil || reason.isEmpty, "close reason without a code")
            precondition(reason.utf8.count <= 123, "close reason over 123 bytes")
        }
        precondition(readBack(message, key: key, maxMessageBytes: maxMessageBytes) == message, "writer round trip changed \(message)")
    }
    if let error = whole.error {
        precondition(readBack(error.closeMessage, key: key, maxMessageBytes: maxMessageBytes) == error.closeMessage, "error close frame does not read back")
    }
}

/// `message` as the writer frames it, masked with `key`, read by a fresh reader.
private func readBack(_ message: WebSocketMessage, key: [UInt8], maxMessageBytes: Int) -> WebSocketMessage? {
    let frame = WebSocketWriter.frame(message)
    let short = frame[1] & 0x7F
    let headerLength = short == 126 ? 4 : short == 127 ? 10 : 2
    var client = Array(frame[..<headerLength])
    client[1] |= 0x80
    client += key
    for (i, b) in frame[headerLength...].enumerated() { client.append(b ^ key[i & 3]) }
    var reader = WebSocketReader(maxMessageBytes: maxMessageBytes)
    reader.feed(client)
    return try? reader.next()
}

/// The messages and the final error that one feeding pattern produced.
struct FuzzOutcome: Equatable {
    var messages: [WebSocketMessage] = []
    var error: WebSocketError?

    static func run(_ pieces: [ArraySlice<UInt8>], maxMessageBytes: Int) -> FuzzOutcome {
        var reader = WebSocketReader(maxMessageBytes: maxMessageBytes)
        var outcome = FuzzOutcome()
        for piece in pieces {
            piece.withUnsafeBytes { reader.feed($0) }
            do {
                while let message = try reader.next() { outcome.messages.append(message) }
            } catch {
                outcome.error = error
                precondition(reader.bufferedByteCount == 0, "failed reader holds bytes")
                return outcome
            }
            precondition(reader.bufferedByteCount <= maxMessageBytes + 125, "reader holds more than its limit allows")
        }
        return outcome
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzWebSocketReader(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
