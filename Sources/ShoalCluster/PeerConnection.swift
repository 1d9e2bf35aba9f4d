import ShoalCrypto
import ShoalLoop

/// One TCP connection of `PeerLinks`, from its first byte until `PeerLinks` drops it: the handshake, the
/// frame decoder and the frames queued this loop turn. Loop-confined; `PeerLinks` drives it.
final class PeerConnection {
    let tcp: TCPConnection
    /// True when this node dialled (and so redials when the connection is lost).
    let isDialled: Bool
    /// Known from the start when this node dialled; once authenticated when it accepted.
    private(set) var peer: String?
    private(set) var isUp = false
    var handshake: LinkHandshake
    var decoder = LinkFrameDecoder(maxFrameBytes: LinkHandshake.maxFrameBytes)
    /// Closes the connection if it is not authenticated in time; nil once up or dropped.
    var handshakeTimer: Timer?
    /// Set when `PeerLinks` lets go of it; nothing it reads afterwards is delivered.
    var isDropped = false
    /// Frames queued this turn, written in one write when the turn ends.
    var outbox: [UInt8] = []
    /// Whether the connection is on `PeerLinks`' list of outboxes to write at the end of the turn.
    var flushPending = false

    /// `dialledPeer` is the node this side dialled, nil for an accepted connection.
    init(tcp: TCPConnection, dialledPeer: String?, name: String, key: [UInt8]) {
        self.tcp = tcp
        isDialled = dialledPeer != nil
        peer = dialledPeer
        handshake = LinkHandshake(
            role: dialledPeer.map { .dialler(peer: $0) } ?? .acceptor, name: name, key: key,
            nonce: SecureRandom.bytes(LinkHandshake.nonceLength))
    }

    /// Bytes not yet taken by the kernel: queued this turn plus written but not yet drained.
    var queuedBytes: Int { outbox.count + tcp.pendingWriteBytes }

    /// The handshake authenticated `peer`: from now on frames are messages up to `maxFrameBytes`.
    func establish(peer: String, maxFrameBytes: Int) {
        self.peer = peer
        isUp = true
        decoder.maxFrameBytes = maxFrameBytes
        handshakeTimer?.close()
        handshakeTimer = nil
    }
}
