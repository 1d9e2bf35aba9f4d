import ShoalCluster
import ShoalCrypto
import ShoalMembership
import ShoalPresence
import ShoalRouting

/// Runs one fuzz input through everything a node reads from another node (or from anyone who can reach
/// its cluster ports), and traps on any broken invariant; libFuzzer treats the trap as a crash and keeps
/// the input.
///
/// Checked:
/// - `LinkFrameDecoder`: the same frames and error whatever the split; no frame over `maxFrameBytes`;
///   fewer than `headerLength + maxFrameBytes` bytes held once `nextFrame()` has returned nil; every
///   frame re-framed by `LinkFrame.append` decodes to itself.
/// - `ClusterMessageCodec`, on the input and on each frame: a decoded message re-encodes to itself and
///   its presences carry the sender as their node.
/// - `GossipCodec`, on the input as a datagram and on the input behind a valid tag: a decoded message
///   re-encodes to itself.
/// - `LinkHandshake`: the input's frames, as the link's decoder cuts them during the handshake, never
///   establish an acceptor or a dialler (that would take forging an HMAC proof), and nothing
///   establishes after a refusal.
func fuzzClusterInputs(_ data: [UInt8]) {
    checkFrames(data)
    checkClusterMessage(data)
    for frame in FrameOutcome.run([data[...]], maxFrameBytes: linkMaxFrameBytes).frames { checkClusterMessage(frame) }
    checkGossip(data)
    checkHandshake(data)
}

/// Kept small so that inputs of a few KiB have both complete frames and oversized headers.
private let linkMaxFrameBytes = 1024
private let sender = "peer"
private let gossipCodec = GossipCodec(key: "fuzz-cluster-key")
private let gossipKey = Array("fuzz-cluster-key".utf8)

// MARK: Link frames

private func checkFrames(_ data: [UInt8]) {
    let whole = FrameOutcome.run([data[...]], maxFrameBytes: linkMaxFrameBytes)
    if !data.isEmpty {
        let cut = (Int(data[0]) << 8 | Int(data[data.count - 1])) % (data.count + 1)
        let split = FrameOutcome.run([data[..<cut], data[cut...]], maxFrameBytes: linkMaxFrameBytes)
        precondition(split == whole, "split at \(cut) changed the frames")
        let step = Int(data[data.count / 2] % 7) + 1
        let pieces = stride(from: 0, to: data.count, by: step).map { data[$0..<min($0 + step, data.count)] }
        precondition(
            FrameOutcome.run(pieces, maxFrameBytes: linkMaxFrameBytes) == whole, "feeding \(step) bytes at a time changed the frames")
    }
    var reframed: [UInt8] = []
    for frame in whole.frames {
        precondition(frame.count <= linkMaxFrameBytes, "frame over maxFrameBytes")
        var single: [UInt8] = []
        LinkFrame.append(frame, to: &single)
        precondition(single.count == LinkFrame.headerLength + frame.count, "frame header length")
        let again = FrameOutcome.run([single[...]], maxFrameBytes: linkMaxFrameBytes)
        precondition(again == FrameOutcome(frames: [frame]), "re-framed payload does not decode to itself")
        reframed += single
    }
    // The frames re-framed back to back are the input up to the last complete frame.
    precondition(data.starts(with: reframed), "re-framed frames differ from the input")
}

/// The frames and the final error that one feeding pattern produced.
struct FrameOutcome: Equatable {
    var frames: [[UInt8]] = []
    var error: LinkFrameDecoder.FrameTooLarge?

    static func run(_ pieces: [ArraySlice<UInt8>], maxFrameBytes: Int) -> FrameOutcome {
        var decoder = LinkFrameDecoder(maxFrameBytes: maxFrameBytes)
        var outcome = FrameOutcome()
        for piece in pieces {
            decoder.append(piece)
            do {
                while let frame = try decoder.nextFrame() { outcome.frames.append(frame) }
            } catch {
                precondition(error.length > maxFrameBytes, "refused a frame within the limit")
                outcome.error = error
                return outcome
            }
            // After nil: at most a header's worth short of one whole frame, and nothing already returned.
            precondition(decoder.bufferedBytes < LinkFrame.headerLength + maxFrameBytes, "decoder holds more than one frame")
        }
        return outcome
    }
}

// MARK: Cluster messages

private func checkClusterMessage(_ payload: [UInt8]) {
    guard let message = ClusterMessageCodec.decode(payload, from: sender) else { return }
    for presence in presences(of: message) {
        precondition(presence.id.node == sender, "presence node taken from the wire")
        precondition(presence.meta.reason == nil, "presence reason taken from the wire")
    }
    let encoded = ClusterMessageCodec.encode(message)
    precondition(ClusterMessageCodec.decode(encoded, from: sender) == message, "cluster message round trip changed \(message)")
}

private func presences(of message: ClusterMessage) -> [Presence] {
    switch message {
    case .presenceSync(let presences, _): return presences
    case .track(let presence), .update(let presence): return [presence]
    case .untrack, .sessionClosed, .streamClosed, .deliver, .closeSessions, .sessionsRevoked: return []
    }
}

// MARK: Gossip

private func checkGossip(_ data: [UInt8]) {
    if let message = gossipCodec.decode(data) { checkGossipRoundTrip(message) }
    let tagged = HMAC.sha256(key: gossipKey, message: data) + data
    let message = gossipCodec.decode(tagged)
    if let message { checkGossipRoundTrip(message) }
    if !data.isEmpty {
        // One flipped bit anywhere in the tag or payload is refused.
        var tampered = tagged
        let index = Int(data[0]) % tampered.count
        tampered[index] ^= 0x01 << (data[data.count - 1] & 7)
        precondition(gossipCodec.decode(tampered) == nil, "a tampered datagram was accepted")
    }
}

private func checkGossipRoundTrip(_ message: MembershipMessage) {
    precondition(gossipCodec.decode(gossipCodec.encode(message)) == message, "gossip round trip changed \(message)")
}

// MARK: Handshake

private let handshakeKey = Array("fuzz-cluster-key".utf8)
private let acceptorNonce = [UInt8](repeating: 0xA5, count: LinkHandshake.nonceLength)
private let diallerNonce = [UInt8](repeating: 0x5A, count: LinkHandshake.nonceLength)

private func checkHandshake(_ data: [UInt8]) {
    // Cut as a link's decoder cuts before the handshake is done; an oversized header closes the link.
    let frames = FrameOutcome.run([data[...]], maxFrameBytes: LinkHandshake.maxFrameBytes).frames
    for frame in frames { precondition(frame.count <= LinkHandshake.maxFrameBytes, "handshake frame over the limit") }
    var acceptor = LinkHandshake(role: .acceptor, name: "node-b", key: handshakeKey, nonce: acceptorNonce)
    var dialler = LinkHandshake(role: .dialler(peer: "node-b"), name: "node-a", key: handshakeKey, nonce: diallerNonce)
    converse(&acceptor, frames: frames, side: "acceptor")
    converse(&dialler, frames: frames, side: "dialler")
}

/// Feeds every frame, even past a refusal (the shell would have closed the link by then).
private func converse(_ handshake: inout LinkHandshake, frames: [[UInt8]], side: String) {
    var refused = false
    var actions = handshake.connected()
    for frame in frames {
        actions += handshake.frameReceived(frame)
    }
    for action in actions {
        switch action {
        case .establish(let peer):
            precondition(!refused, "\(side) established \(peer) after refusing")
            preconditionFailure("\(side) established \(peer) from forged frames")
        case .refuse:
            refused = true
        case .send(let bytes):
            precondition(bytes.count <= LinkHandshake.maxFrameBytes, "\(side) sends a frame the other side refuses")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzClusterInputs(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
