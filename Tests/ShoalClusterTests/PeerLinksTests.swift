import Foundation
import ShoalCluster
import ShoalLog
import ShoalLoop
import ShoalTestSupport
import Synchronization
import Testing

/// `PeerLinks` over real sockets on 127.0.0.1, several on one loop driven from the test thread. Every wait
/// is bounded; nothing asserts how long anything took.
@Suite struct PeerLinksTests {
    static let fast = PeerLinkLimits(handshakeTimeoutMilliseconds: 500, backoffMinMilliseconds: 5, backoffMaxMilliseconds: 50)

    static func message(_ number: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(number).bigEndian) { Array($0) } }

    @Test func messagesFlowBothWaysInOrder() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let (a, b) = try loop.linkedPair()
        for turn in 0..<3 {
            let sent = try loop.sync {
                (0..<50).flatMap { number in
                    [a.links.send(Self.message(turn * 50 + number), to: "b"),
                     b.links.send(Self.message(1000 + turn * 50 + number), to: "a")]
                }
            }
            #expect(sent.allSatisfy { $0 })
        }
        #expect(loop.waitUntil { b.messages["a"]?.count == 150 && a.messages["b"]?.count == 150 })
        let seenA = try loop.sync { a.seen }
        let seenB = try loop.sync { b.seen }
        #expect(seenB.messages["a"] == (0..<150).map(Self.message))
        #expect(seenA.messages["b"] == (1000..<1150).map(Self.message))
        #expect(seenA.events == ["up b"])
        #expect(seenB.events == ["up a"])
        #expect(seenA.metrics.sentMessages == 150)
        #expect(seenB.metrics.receivedMessages == 150)
        #expect(seenA.metrics.linksUp == 1)
        #expect(seenA.metrics.reconnects == 0)
    }

    @Test func manyMessagesInOneTurnArriveInOrder() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let (a, b) = try loop.linkedPair()
        let count = 20_000
        let queued = try loop.sync {
            for number in 0..<count { b.links.send(Self.message(number) + Array(repeating: 7, count: number % 40), to: "a") }
            return b.links.metrics
        }
        // Nothing was written before the turn ended.
        #expect(queued.queuedBytes == queued.maxQueuedBytes)
        #expect(queued.queuedBytes == (0..<count).reduce(0) { $0 + 8 + $1 % 40 })
        #expect(loop.waitUntil { a.messages["b"]?.count == count })
        let received = try loop.sync { a.messages["b"] ?? [] }
        #expect(received.map { Array($0.prefix(4)) } == (0..<count).map(Self.message))
        #expect(received.map(\.count) == (0..<count).map { 4 + $0 % 40 })
    }

    @Test func aBigMessageCrossesWhole() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let (a, b) = try loop.linkedPair()
        let big = (0..<(6 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try loop.sync {
            a.links.send(big, to: "b")
            b.links.send(big, to: "a")
            a.links.send([1], to: "b")
        }
        #expect(loop.waitUntil { b.messages["a"]?.count == 2 && a.messages["b"]?.count == 1 })
        let (toB, toA) = try loop.sync { (b.messages["a"] ?? [], a.messages["b"] ?? []) }
        #expect(toB.first == big)
        #expect(toB.last == [1])
        #expect(toA.first == big)
    }

    @Test func broadcastReachesEveryLinkedPeer() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let a = try loop.node("a")
        let b = try loop.node("b")
        let c = try loop.node("c")
        try loop.link(a, b)
        try loop.link(a, c)
        try loop.link(b, c)
        #expect(loop.waitUntil {
            b.links.linkedPeers == ["a", "c"] && a.links.linkedPeers == ["b", "c"] && c.links.linkedPeers == ["a", "b"]
        })
        try loop.sync { b.links.broadcast([9, 9]) }
        #expect(loop.waitUntil { a.messages["b"] == [[9, 9]] && c.messages["b"] == [[9, 9]] })
        #expect(try loop.sync { b.links.metrics.sentMessages } == 2)
    }

    @Test func aWrongKeyIsRefused() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let a = try loop.node("a", key: "not-the-key")
        let b = try loop.node("b")
        try loop.link(a, b)
        // a keeps redialling and b keeps refusing.
        #expect(loop.waitUntil { b.links.metrics.refusedHandshakes >= 2 })
        let (seenA, seenB, sent) = try loop.sync { (a.seen, b.seen, a.links.send([1], to: "b")) }
        #expect(seenA.events.isEmpty && seenB.events.isEmpty)
        #expect(seenA.linked.isEmpty && seenB.linked.isEmpty)
        #expect(!sent)
        #expect(b.log.contains("bad proof"))
    }

    @Test func garbageSilenceAndUnwantedPeersAreRefused() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let b = try loop.node("b")
        let a = try loop.node("a")
        try loop.sync {
            // a wants b, but b does not want a (yet).
            a.links.connect(to: "b", host: "127.0.0.1", port: b.links.port)
            for bytes in [Array("GET / HTTP/1.1\r\n\r\n".utf8), [0, 0, 0, 2, 0x02, 0x00], []] {
                TCPClient.connect(on: loop.loop, host: "127.0.0.1", port: b.links.port) { result in
                    if case .success(let raw) = result, !bytes.isEmpty { raw.write(bytes) }
                }
            }
        }
        let reasons = ["handshake frame too large", "expected a hello", "handshake timed out", "peer not wanted"]
        #expect(loop.waitUntil { reasons.allSatisfy(b.log.contains) })
        let seenB = try loop.sync { b.seen }
        #expect(seenB.metrics.refusedHandshakes >= 4)
        #expect(seenB.events.isEmpty && seenB.messages.isEmpty)
        // Once b wants a, a's next redial gets through.
        try loop.sync { b.links.connect(to: "a", host: "127.0.0.1", port: a.links.port) }
        #expect(loop.waitUntil { b.links.linkedPeers == ["a"] && a.links.linkedPeers == ["b"] })
    }

    @Test func anOversizeFrameClosesTheLinkUntilTheRedial() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let a = try loop.node("a")
        var strict = PeerLinksTests.fast
        strict.maxFrameBytes = 1024
        let b = try loop.node("b", limits: strict)
        try loop.link(a, b)
        #expect(loop.waitUntil { b.links.linkedPeers == ["a"] })
        try loop.sync { a.links.send(Array(repeating: 1, count: 1025), to: "b") }
        #expect(loop.waitUntil { b.links.metrics.oversizeFrames == 1 && b.events.count == 3 && a.events.count == 3 })
        let (seenA, seenB) = try loop.sync { (a.seen, b.seen) }
        #expect(seenB.events == ["up a", "down a", "up a"])
        #expect(seenA.events == ["up b", "down b", "up b"])
        #expect(seenB.messages.isEmpty)
        #expect(seenA.metrics.reconnects == 1)
        try loop.sync { a.links.send(Array(repeating: 2, count: 1024), to: "b") }
        #expect(loop.waitUntil { b.messages["a"] == [Array(repeating: 2, count: 1024)] })
    }

    @Test func aFullQueueClosesTheLinkInsteadOfDropping() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        var small = PeerLinksTests.fast
        small.maxQueuedBytes = 64 * 1024
        let (a, b) = try loop.linkedPair(limits: small)
        let (accepted, seenA) = try loop.sync {
            ((0..<100).map { _ in a.links.send(Array(repeating: 3, count: 1020), to: "b") }, a.seen)
        }
        // 64 frames of 1024 bytes fit; the 65th closes the link, after which nothing is queued.
        #expect(accepted == Array(repeating: true, count: 64) + Array(repeating: false, count: 36))
        #expect(seenA.metrics.overflows == 1)
        #expect(seenA.events == ["up b", "down b"])
        #expect(a.log.contains("send queue full"))
        #expect(loop.waitUntil { a.links.linkedPeers == ["b"] && b.events.count == 3 })
        let seenB = try loop.sync { b.seen }
        #expect(seenB.events == ["up a", "down a", "up a"])
        #expect(seenB.messages.isEmpty)
    }

    @Test func aClosedPeerComesBackOnItsPort() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let (a, b) = try loop.linkedPair()
        let port = try loop.sync {
            b.links.close()
            return b.links.port
        }
        #expect(loop.waitUntil { a.events == ["up b", "down b"] })
        let restarted = try loop.node("b", port: port)
        try loop.sync { restarted.links.connect(to: "a", host: "127.0.0.1", port: a.links.port) }
        #expect(loop.waitUntil { a.links.linkedPeers == ["b"] && restarted.links.linkedPeers == ["a"] })
        let (seenA, seenB) = try loop.sync { (a.seen, b.seen) }
        #expect(seenA.metrics.reconnects == 1)
        #expect(seenB.events == ["up a"])
        try loop.sync { a.links.send([5], to: "b") }
        #expect(loop.waitUntil { restarted.messages["a"] == [[5]] })
    }

    @Test func aNewLinkFromARestartedPeerReplacesTheOldOne() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        // The old process must not redial while the test looks.
        var slow = PeerLinksTests.fast
        slow.backoffMinMilliseconds = 10_000
        slow.backoffMaxMilliseconds = 10_000
        let (a, b) = try loop.linkedPair(limits: slow)
        // The same node again while the old process's connection is still open.
        let again = try loop.node("a")
        try loop.sync { again.links.connect(to: "b", host: "127.0.0.1", port: b.links.port) }
        #expect(loop.waitUntil { b.events.count >= 3 && a.events.count >= 2 })
        let (seenA, seenB) = try loop.sync { (a.seen, b.seen) }
        #expect(seenB.events == ["up a", "down a", "up a"])
        #expect(seenA.events == ["up b", "down b"])
        try loop.sync { b.links.send([6], to: "a") }
        #expect(loop.waitUntil { again.messages["b"] == [[6]] })
    }

    @Test func disconnectClosesTheLinkAndConnectBringsItBack() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let (a, b) = try loop.linkedPair()
        let seenA = try loop.sync {
            a.links.disconnect(from: "b")
            return a.seen
        }
        #expect(seenA.events == ["up b", "down b"])
        #expect(seenA.linked.isEmpty)
        #expect(loop.waitUntil { b.events == ["up a", "down a"] })
        try loop.sync { a.links.connect(to: "b", host: "127.0.0.1", port: b.links.port) }
        #expect(loop.waitUntil { a.links.linkedPeers == ["b"] && b.links.linkedPeers == ["a"] })
    }

    @Test func disconnectStopsRedialling() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        var impatient = PeerLinksTests.fast
        impatient.handshakeTimeoutMilliseconds = 20
        let a = try loop.node("a", limits: impatient)
        let dials = LoopValue(0)
        try loop.sync {
            // A listener that accepts and never speaks: every dial of a times out in its handshake.
            let silent = try TCPListener.listen(on: loop.loop, host: "127.0.0.1", port: 0) { _ in dials.value += 1 }
            a.links.connect(to: "b", host: "127.0.0.1", port: silent.port)
        }
        #expect(loop.waitUntil { dials.value >= 3 })
        try loop.sync { a.links.disconnect(from: "b") }
        sleepMilliseconds(100)
        let settled = try loop.sync { dials.value }
        sleepMilliseconds(300)
        let (after, seenA) = try loop.sync { (dials.value, a.seen) }
        #expect(after == settled)
        #expect(seenA.events.isEmpty)
        #expect(seenA.metrics.refusedHandshakes >= 2)
    }

    @Test func closeStopsCallbacksAndDialling() throws {
        let loop = try LinkLoop()
        defer { loop.stop() }
        let (a, b) = try loop.linkedPair()
        let closed = try loop.sync {
            b.links.send([7], to: "a")
            a.links.close()
            return a.seen
        }
        #expect(closed.linked.isEmpty)
        #expect(loop.waitUntil { b.events == ["up a", "down a"] })
        sleepMilliseconds(100)
        let seenA = try loop.sync { a.seen }
        #expect(seenA.events == ["up b"])
        #expect(seenA.messages.isEmpty)
        #expect(seenA.metrics.reconnects == 0)
    }
}

/// A `PeerLinks` with what its callbacks reported; touched only on the loop thread.
final class LinkNode: @unchecked Sendable {
    struct Seen {
        var messages: [String: [[UInt8]]]
        var events: [String]
        var linked: [String]
        var metrics: PeerLinkMetrics
    }

    let name: String
    let links: PeerLinks
    let log = LogLines()
    var messages: [String: [[UInt8]]] = [:]
    var events: [String] = []

    init(loop: Loop, name: String, key: String, port: Int, limits: PeerLinkLimits) throws {
        self.name = name
        let log = self.log
        links = try PeerLinks(
            loop: loop, name: name, key: key, bindHost: "127.0.0.1", port: port,
            logger: Logger(minimumLevel: .info, sink: { log.append($0) }), limits: limits)
        links.onMessage = { [unowned self] peer, payload in messages[peer, default: []].append(payload) }
        links.onLinkUp = { [unowned self] in events.append("up \($0)") }
        links.onLinkDown = { [unowned self] in events.append("down \($0)") }
    }

    var seen: Seen { Seen(messages: messages, events: events, linked: links.linkedPeers, metrics: links.metrics) }
}

/// The lines a test node logged, written from the loop thread and read from the test.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    func contains(_ text: String) -> Bool { lines.withLock { $0.contains { $0.contains(text) } } }
}

/// A value shared between a test and loop callbacks; touched only on the loop thread.
final class LoopValue<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A loop running on its own thread, driven step by step from a test: `sync` runs a closure on the loop
/// and returns its result, `waitUntil` polls a condition there. Both are bounded, so no test can hang.
final class LinkLoop: @unchecked Sendable {
    struct TimedOut: Error {}

    let loop: Loop
    private let stopped = DispatchSemaphore(value: 0)

    init() throws {
        let loop = try Loop()
        let stopped = self.stopped
        self.loop = loop
        Thread {
            loop.run()
            stopped.signal()
        }.start()
    }

    @discardableResult func sync<T>(_ body: @escaping () throws -> T) throws -> T {
        let job = LoopValue(body)
        let outcome = LoopValue<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        loop.execute {
            outcome.value = Result { try job.value() }
            done.signal()
        }
        guard done.wait(timeout: .now() + 10) == .success, let result = outcome.value else { throw TimedOut() }
        return try result.get()
    }

    /// Polls `condition` on the loop every 10 ms for up to 10 s.
    func waitUntil(_ condition: @escaping () -> Bool) -> Bool {
        for _ in 0..<1000 {
            if (try? sync(condition)) == true { return true }
            sleepMilliseconds(10)
        }
        return false
    }

    func node(
        _ name: String, key: String = "cluster-secret", port: Int = 0, limits: PeerLinkLimits = PeerLinksTests.fast
    ) throws -> LinkNode {
        try sync { try LinkNode(loop: self.loop, name: name, key: key, port: port, limits: limits) }
    }

    /// Nodes "a" and "b" (with `limits` for "a"), linked both ways; throws when the link does not come up.
    func linkedPair(limits: PeerLinkLimits = PeerLinksTests.fast) throws -> (LinkNode, LinkNode) {
        let a = try node("a", limits: limits)
        let b = try node("b")
        try link(a, b)
        guard waitUntil({ a.links.linkedPeers == ["b"] && b.links.linkedPeers == ["a"] }) else { throw TimedOut() }
        return (a, b)
    }

    /// Makes each of the two nodes want the other.
    func link(_ first: LinkNode, _ second: LinkNode) throws {
        try sync {
            first.links.connect(to: second.name, host: "127.0.0.1", port: second.links.port)
            second.links.connect(to: first.name, host: "127.0.0.1", port: first.links.port)
        }
    }

    func stop() {
        loop.execute { [loop] in loop.stop() }
        _ = stopped.wait(timeout: .now() + 10)
    }
}
