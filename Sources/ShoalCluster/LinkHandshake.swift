import ShoalCrypto

/// Mutual authentication of a new peer link with the shared cluster key, so only nodes holding
/// `cluster.key` exchange messages. A pure state machine: the shell feeds it the connection's first
/// frames (randomness comes in as `nonce`) and does what the returned actions say.
///
/// The conversation, one frame per message:
/// - acceptor → dialler, challenge: `0x01`, acceptor nonce (32 bytes)
/// - dialler → acceptor, hello: `0x02`, dialler nonce (32), dialler proof (32), dialler name (UTF-8)
/// - acceptor → dialler, welcome: `0x03`, acceptor proof (32)
///
/// A proof is HMAC-SHA256(key, role ‖ acceptor nonce ‖ dialler nonce ‖ dialler name ‖ acceptor name),
/// each name length-prefixed like a link frame. Each side's proof covers the nonce the other side
/// chose, so it cannot be replayed; the role label keeps one side's proof from passing for the
/// other's. The acceptor checks the dialler's proof before it proves anything itself, and refuses a
/// dialler named like itself or sorting above it (the lower name dials). A dialler that reached
/// another node than the one it dialled fails the proof, because the acceptor's name is part of it.
package struct LinkHandshake: Sendable {
    package enum Role: Sendable, Equatable {
        /// This side dialled `peer` and expects to reach exactly that node.
        case dialler(peer: String)
        case acceptor
    }

    package enum Action: Sendable, Equatable {
        /// Write these bytes as one frame.
        case send([UInt8])
        /// The peer is authenticated: the link is up. The acceptor's comes before its welcome, so the
        /// shell can still refuse the peer (one it does not want) without having welcomed it.
        case establish(peer: String)
        /// Close the connection; nothing from it may be delivered.
        case refuse(reason: String)
    }

    private enum State {
        case connecting
        case awaitingChallenge
        case awaitingHello(acceptorNonce: [UInt8])
        case awaitingWelcome(acceptorNonce: [UInt8])
        case finished
    }

    package static let nonceLength = 32
    static let proofLength = 32
    package static let maxNameBytes = 255
    /// The longest handshake frame (a hello with the longest name); a link's decoder accepts no more until established.
    package static let maxFrameBytes = 1 + nonceLength + proofLength + maxNameBytes

    private static let challengeType: UInt8 = 0x01
    private static let helloType: UInt8 = 0x02
    private static let welcomeType: UInt8 = 0x03
    private static let diallerLabel = "shoal link dialler"
    private static let acceptorLabel = "shoal link acceptor"

    private let role: Role
    private let name: String
    private let key: [UInt8]
    private let nonce: [UInt8]
    private var state = State.connecting

    /// `name` is this node's name, `key` the cluster key's bytes, `nonce` 32 fresh random bytes.
    package init(role: Role, name: String, key: [UInt8], nonce: [UInt8]) {
        precondition(nonce.count == LinkHandshake.nonceLength, "a link handshake nonce has 32 bytes")
        self.role = role
        self.name = name
        self.key = key
        self.nonce = nonce
    }

    /// The TCP connection is open: the acceptor sends its challenge, the dialler waits for it.
    package mutating func connected() -> [Action] {
        guard case .connecting = state else { return refuse("connected twice") }
        switch role {
        case .acceptor:
            state = .awaitingHello(acceptorNonce: nonce)
            return [.send([LinkHandshake.challengeType] + nonce)]
        case .dialler:
            state = .awaitingChallenge
            return []
        }
    }

    package mutating func frameReceived(_ frame: [UInt8]) -> [Action] {
        switch (state, role) {
        case (.awaitingChallenge, .dialler(let peer)):
            guard frame.count == 1 + LinkHandshake.nonceLength, frame[0] == LinkHandshake.challengeType else {
                return refuse("expected a challenge")
            }
            let acceptorNonce = Array(frame[1...])
            state = .awaitingWelcome(acceptorNonce: acceptorNonce)
            let proof = LinkHandshake.proof(
                label: LinkHandshake.diallerLabel, key: key, acceptorNonce: acceptorNonce, diallerNonce: nonce,
                dialler: name, acceptor: peer)
            return [.send([LinkHandshake.helloType] + nonce + proof + Array(name.utf8))]
        case (.awaitingWelcome(let acceptorNonce), .dialler(let peer)):
            guard frame.count == 1 + LinkHandshake.proofLength, frame[0] == LinkHandshake.welcomeType else {
                return refuse("expected a welcome")
            }
            let expected = LinkHandshake.proof(
                label: LinkHandshake.acceptorLabel, key: key, acceptorNonce: acceptorNonce, diallerNonce: nonce, dialler: name, acceptor: peer)
            guard LinkHandshake.constantTimeEqual(frame[1...], expected) else { return refuse("bad proof") }
            state = .finished
            return [.establish(peer: peer)]
        case (.awaitingHello(let acceptorNonce), .acceptor):
            return helloReceived(frame, acceptorNonce: acceptorNonce)
        default:
            return refuse("unexpected handshake frame")
        }
    }

    private mutating func helloReceived(_ frame: [UInt8], acceptorNonce: [UInt8]) -> [Action] {
        let nameStart = 1 + LinkHandshake.nonceLength + LinkHandshake.proofLength
        guard frame.count > nameStart, frame.count <= LinkHandshake.maxFrameBytes, frame[0] == LinkHandshake.helloType else {
            return refuse("expected a hello")
        }
        let diallerNonce = Array(frame[1..<(1 + LinkHandshake.nonceLength)])
        let proof = frame[(1 + LinkHandshake.nonceLength)..<nameStart]
        guard let dialler = String(validating: frame[nameStart...], as: UTF8.self) else {
            return refuse("peer name is not UTF-8")
        }
        guard dialler != name else { return refuse("peer uses this node's name") }
        guard dialler < name else { return refuse("peer must be dialled by this node") }
        let expected = LinkHandshake.proof(
            label: LinkHandshake.diallerLabel, key: key, acceptorNonce: acceptorNonce, diallerNonce: diallerNonce,
            dialler: dialler, acceptor: name)
        guard LinkHandshake.constantTimeEqual(proof, expected) else { return refuse("bad proof") }
        state = .finished
        let welcome = LinkHandshake.proof(
            label: LinkHandshake.acceptorLabel, key: key, acceptorNonce: acceptorNonce, diallerNonce: diallerNonce, dialler: dialler,
            acceptor: name)
        return [.establish(peer: dialler), .send([LinkHandshake.welcomeType] + welcome)]
    }

    private mutating func refuse(_ reason: String) -> [Action] {
        state = .finished
        return [.refuse(reason: reason)]
    }

    static func proof(
        label: String, key: [UInt8], acceptorNonce: [UInt8], diallerNonce: [UInt8], dialler: String, acceptor: String
    ) -> [UInt8] {
        var message = Array(label.utf8)
        message += acceptorNonce
        message += diallerNonce
        for name in [dialler, acceptor] {
            let bytes = Array(name.utf8)
            LinkFrame.append(bytes, to: &message)
        }
        return HMAC.sha256(key: key, message: message)
    }

    /// Compares without an early exit, so the time taken does not tell how much of a forged proof was right.
    static func constantTimeEqual(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
