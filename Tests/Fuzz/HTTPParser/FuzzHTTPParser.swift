import ShoalHTTP

/// Runs one fuzz input through `HTTPRequestParser` whole and split, and traps on any disagreement or
/// broken invariant; libFuzzer treats the trap as a crash and keeps the input.
///
/// Checked: the same requests and error whatever the split; held bytes never exceed
/// `maxHeaderBytes + maxBodyBytes` plus the last feed; bodies within the limit; query and path
/// decoding and response serialisation of whatever was parsed do not crash.
func fuzzHTTPParser(_ data: [UInt8]) {
    let limits = HTTPLimits(maxHeaderBytes: 512, maxBodyBytes: 1024)
    let whole = FuzzOutcome.run([data[...]], limits: limits)
    if !data.isEmpty {
        let cut = (Int(data[0]) << 8 | Int(data[data.count - 1])) % (data.count + 1)
        let split = FuzzOutcome.run([data[..<cut], data[cut...]], limits: limits)
        precondition(split == whole, "split at \(cut) changed the result")
        let step = Int(data[data.count / 2] % 7) + 1
        let pieces = stride(from: 0, to: data.count, by: step).map { data[$0..<min($0 + step, data.count)] }
        precondition(FuzzOutcome.run(pieces, limits: limits) == whole, "feeding \(step) bytes at a time changed the result")
    }
    for request in whole.requests {
        precondition(request.body.count <= limits.maxBodyBytes, "body over the limit")
        precondition(request.path.utf8.first == UInt8(ascii: "/") || request.target == "*", "target form")
        _ = URLQuery(request.query).pairs.count
        for segment in request.path.split(separator: "/") { _ = PercentDecoding.decode(segment) }
        let echo = HTTPResponse(status: 200, headers: request.headers, body: request.body)
        _ = echo.serialized(keepAlive: request.keepAlive, headOnly: request.method == "HEAD")
    }
}

/// The requests, the final error and the bytes handed over after an upgrade that one feeding pattern
/// produced. Like the node's loop, it takes the remaining bytes after each feed once upgraded.
struct FuzzOutcome: Equatable {
    var requests: [HTTPRequest] = []
    var error: HTTPParseError?
    var upgradedBytes: [UInt8] = []

    static func run(_ pieces: [ArraySlice<UInt8>], limits: HTTPLimits) -> FuzzOutcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = FuzzOutcome()
        for piece in pieces {
            piece.withUnsafeBytes { parser.feed($0) }
            do {
                while let request = try parser.next() { outcome.requests.append(request) }
            } catch {
                outcome.error = error
                precondition(parser.bufferedByteCount == 0, "failed parser holds bytes")
                return outcome
            }
            if outcome.requests.last?.isUpgrade == true {
                precondition(!parser.isMidRequest, "upgraded parser reports a request in progress")
                outcome.upgradedBytes += parser.takeRemainingBytes()
            }
            precondition(
                parser.bufferedByteCount <= limits.maxHeaderBytes + limits.maxBodyBytes + piece.count,
                "parser holds more than its limits allow")
        }
        return outcome
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzHTTPParser(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
