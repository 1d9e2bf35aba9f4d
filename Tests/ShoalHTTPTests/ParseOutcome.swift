import ShoalHTTP
import Testing

/// Everything a parser produced from one input: the requests, the error that ended it (if any) and,
/// after an upgrade, the bytes left for the next protocol.
struct ParseOutcome: Equatable {
    var requests: [HTTPRequest] = []
    var error: HTTPParseError?
    var remaining: [UInt8] = []

    /// Feeds `chunks` in order, draining `next()` after each feed.
    static func parse(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = ParseOutcome()
        for chunk in chunks {
            parser.feed(Array(chunk))
            do {
                while let request = try parser.next() { outcome.requests.append(request) }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        if outcome.requests.last?.isUpgrade == true { outcome.remaining = parser.takeRemainingBytes() }
        return outcome
    }

    /// Parses `text` whole, split at every byte boundary and byte by byte; records an issue if any
    /// split disagrees with the whole parse, and returns the whole parse.
    static func parseEverySplit(
        _ text: String, limits: HTTPLimits = HTTPLimits(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> ParseOutcome {
        parseEverySplit(Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
    }

    static func parseEverySplit(
        _ bytes: [UInt8], limits: HTTPLimits = HTTPLimits(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> ParseOutcome {
        let whole = parse([bytes[...]], limits: limits)
        for cut in 0...bytes.count {
            let split = parse([bytes[..<cut], bytes[cut...]], limits: limits)
            if split != whole {
                Issue.record("split at \(cut) gave \(split), whole gave \(whole)", sourceLocation: sourceLocation)
                return whole
            }
        }
        let byteByByte = parse(bytes.map { [$0][...] }, limits: limits)
        #expect(byteByByte == whole, "byte-by-byte feed differs", sourceLocation: sourceLocation)
        return whole
    }
}
