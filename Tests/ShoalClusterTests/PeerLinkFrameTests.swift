import ShoalCluster
import Testing

@Suite struct PeerLinkFrameTests {
    func framed(_ payloads: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for payload in payloads { LinkFrame.append(payload, to: &bytes) }
        return bytes
    }

    func drain(_ decoder: inout LinkFrameDecoder) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        while let frame = try decoder.nextFrame() { frames.append(frame) }
        return frames
    }

    /// The length `nextFrame()` refused, or nil when it did not throw.
    func tooLarge(_ decoder: inout LinkFrameDecoder) -> Int? {
        do {
            _ = try decoder.nextFrame()
            return nil
        } catch {
            return error.length
        }
    }

    @Test func headerIsBigEndianLength() {
        #expect(framed([[7, 8, 9]]) == [0, 0, 0, 3, 7, 8, 9])
        #expect(framed([Array(repeating: 1, count: 258)]).prefix(4) == [0, 0, 1, 2])
        #expect(framed([[]]) == [0, 0, 0, 0])
    }

    @Test func framesComeOutWhole() throws {
        let payloads: [[UInt8]] = [[1], [], [2, 3, 4], Array(repeating: 9, count: 1000)]
        var decoder = LinkFrameDecoder(maxFrameBytes: 4096)
        decoder.append(framed(payloads))
        #expect(try drain(&decoder) == payloads)
        #expect(decoder.bufferedBytes == 0)
    }

    @Test func bytesArrivingOneByOneMakeTheSameFrames() throws {
        let payloads: [[UInt8]] = [[1, 2], [], [3], Array(0..<200)]
        var decoder = LinkFrameDecoder(maxFrameBytes: 4096)
        var frames: [[UInt8]] = []
        for byte in framed(payloads) {
            decoder.append([byte])
            frames += try drain(&decoder)
        }
        #expect(frames == payloads)
    }

    @Test func aPartialFrameWaitsForTheRest() throws {
        var decoder = LinkFrameDecoder(maxFrameBytes: 4096)
        let bytes = framed([[5, 6, 7, 8]])
        decoder.append(bytes.prefix(6))
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedBytes == 6)
        decoder.append(bytes.dropFirst(6))
        #expect(try decoder.nextFrame() == [5, 6, 7, 8])
        #expect(try decoder.nextFrame() == nil)
    }

    @Test func anOversizeHeaderFailsBeforeItsPayloadArrives() throws {
        var decoder = LinkFrameDecoder(maxFrameBytes: 16)
        decoder.append(framed([Array(repeating: 1, count: 16)]) + [0, 0, 0, 17])
        #expect(try decoder.nextFrame() == Array(repeating: 1, count: 16))
        #expect(tooLarge(&decoder) == 17)
    }

    @Test func theLimitMayGrowBetweenFrames() throws {
        var decoder = LinkFrameDecoder(maxFrameBytes: 2)
        decoder.append(framed([[1, 2], [3, 4, 5]]))
        #expect(try decoder.nextFrame() == [1, 2])
        #expect(tooLarge(&decoder) == 3)
        decoder.maxFrameBytes = 3
        #expect(try decoder.nextFrame() == [3, 4, 5])
    }
}
