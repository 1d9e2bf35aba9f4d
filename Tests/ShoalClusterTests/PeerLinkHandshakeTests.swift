import ShoalCluster
import Testing

@Suite struct PeerLinkHandshakeTests {
    let key = Array("cluster-secret".utf8)
    let acceptorNonce = [UInt8](repeating: 0xA1, count: 32)
    let diallerNonce = [UInt8](repeating: 0xD1, count: 32)

    func acceptor(name: String = "node-b", key: [UInt8]? = nil) -> LinkHandshake {
        LinkHandshake(role: .acceptor, name: name, key: key ?? self.key, nonce: acceptorNonce)
    }

    func dialler(name: String = "node-a", peer: String = "node-b", key: [UInt8]? = nil) -> LinkHandshake {
        LinkHandshake(role: .dialler(peer: peer), name: name, key: key ?? self.key, nonce: diallerNonce)
    }

    /// The bytes of the single `.send` in `actions`.
    func sent(_ actions: [LinkHandshake.Action]) -> [UInt8]? {
        guard actions.count == 1, case .send(let bytes) = actions[0] else { return nil }
        return bytes
    }

    /// Runs both sides up to the acceptor's answer to the hello; returns the acceptor's actions and the dialler.
    func exchange(_ dialler: inout LinkHandshake, _ acceptor: inout LinkHandshake) throws -> [LinkHandshake.Action] {
        #expect(dialler.connected() == [])
        let challenge = try #require(sent(acceptor.connected()))
        let hello = try #require(sent(dialler.frameReceived(challenge)))
        return acceptor.frameReceived(hello)
    }

    @Test func bothSidesAuthenticate() throws {
        var dialler = dialler()
        var acceptor = acceptor()
        let answer = try exchange(&dialler, &acceptor)
        #expect(answer.count == 2)
        #expect(answer.first == .establish(peer: "node-a"))
        guard answer.count == 2, case .send(let welcome) = answer[1] else { Issue.record("no welcome"); return }
        #expect(dialler.frameReceived(welcome) == [.establish(peer: "node-b")])
    }

    @Test func aChallengeIsTheAcceptorNonce() {
        var acceptor = acceptor()
        #expect(acceptor.connected() == [.send([0x01] + acceptorNonce)])
    }

    @Test func aWrongKeyIsRefusedByTheAcceptor() throws {
        var dialler = dialler(key: Array("not-the-key".utf8))
        var acceptor = acceptor()
        #expect(try exchange(&dialler, &acceptor) == [.refuse(reason: "bad proof")])
    }

    @Test func aForgedWelcomeIsRefusedByTheDialler() throws {
        // An acceptor without the key cannot check the hello, so it can only guess the welcome.
        var dialler = dialler()
        _ = dialler.connected()
        _ = try #require(sent(dialler.frameReceived([0x01] + acceptorNonce)))
        #expect(dialler.frameReceived([0x03] + [UInt8](repeating: 0, count: 32)) == [.refuse(reason: "bad proof")])
    }

    @Test func aDiallerThatReachedAnotherNodeIsRefused() throws {
        var dialler = dialler(peer: "node-c")
        var acceptor = acceptor(name: "node-b")
        #expect(try exchange(&dialler, &acceptor) == [.refuse(reason: "bad proof")])
    }

    @Test func aPeerUsingOurNameIsRefused() throws {
        var dialler = dialler(name: "node-b", peer: "node-b")
        var acceptor = acceptor(name: "node-b")
        #expect(try exchange(&dialler, &acceptor) == [.refuse(reason: "peer uses this node's name")])
    }

    @Test func aDiallerSortingAboveTheAcceptorIsRefused() throws {
        var dialler = dialler(name: "node-z", peer: "node-b")
        var acceptor = acceptor(name: "node-b")
        #expect(try exchange(&dialler, &acceptor) == [.refuse(reason: "peer must be dialled by this node")])
    }

    @Test func aReplayedHelloFailsAgainstAFreshNonce() throws {
        var dialler = dialler()
        var acceptor = acceptor()
        let challenge = try #require(sent(acceptor.connected()))
        _ = dialler.connected()
        let hello = try #require(sent(dialler.frameReceived(challenge)))
        var later = LinkHandshake(role: .acceptor, name: "node-b", key: key, nonce: [UInt8](repeating: 0xA2, count: 32))
        _ = later.connected()
        #expect(later.frameReceived(hello) == [.refuse(reason: "bad proof")])
    }

    @Test func garbageIsRefused() throws {
        var acceptor = acceptor()
        _ = acceptor.connected()
        #expect(acceptor.frameReceived(Array("GET / HTTP/1.1".utf8)) == [.refuse(reason: "expected a hello")])
        var dialler = dialler()
        _ = dialler.connected()
        #expect(dialler.frameReceived([0x03] + [UInt8](repeating: 0, count: 32)) == [.refuse(reason: "expected a challenge")])
        var invalidName = self.acceptor()
        _ = invalidName.connected()
        let hello = [0x02] + [UInt8](repeating: 0, count: 64) + [0xFF, 0xFE]
        #expect(invalidName.frameReceived(hello) == [.refuse(reason: "peer name is not UTF-8")])
    }

    @Test func framesAfterTheEndAreRefused() throws {
        var dialler = dialler()
        var acceptor = acceptor()
        _ = try exchange(&dialler, &acceptor)
        #expect(acceptor.frameReceived([0x02]) == [.refuse(reason: "unexpected handshake frame")])
        #expect(acceptor.connected() == [.refuse(reason: "connected twice")])
    }
}
