import ShoalLoop
import Testing

@Suite struct TCPTests {
    @Test func echoRoundTrip() async throws {
        struct Outcome: Sendable { var echoed: String; var peerAddress: String; var peerPort: Int }
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            var peer = ("", 0)
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { connection in
                peer = (connection.remoteAddress, connection.remotePort)
                connection.onRead = { connection.write(Array($0)) }
            }
            #expect(listener.port > 0)
            TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                guard case .success(let client) = result else { Issue.record("connect failed: \(result)"); return finish(Outcome(echoed: "", peerAddress: "", peerPort: 0)) }
                var received: [UInt8] = []
                client.onRead = { bytes in
                    received += bytes
                    if received.count == 11 {
                        finish(Outcome(echoed: String(decoding: received, as: UTF8.self), peerAddress: peer.0, peerPort: peer.1))
                    }
                }
                client.write(Array("hello shoal".utf8))
            }
        }
        let result = try #require(outcome)
        #expect(result.echoed == "hello shoal")
        #expect(result.peerAddress == "127.0.0.1")
        #expect(result.peerPort > 0)
    }

    @Test func ipv6Localhost() async throws {
        let echoed = try await runOnLoop { (loop, finish: @escaping (String) -> Void) in
            let listener = try TCPListener.listen(on: loop, host: "::1", port: 0) { connection in
                #expect(connection.remoteAddress == "::1")
                connection.onRead = { connection.write(Array($0)) }
            }
            TCPClient.connect(on: loop, host: "::1", port: listener.port) { result in
                guard case .success(let client) = result else { return finish("connect failed: \(result)") }
                client.onRead = { finish(String(decoding: $0, as: UTF8.self)) }
                client.write(Array("six".utf8))
            }
        }
        #expect(echoed == "six")
    }

    @Test func manyConnections() async throws {
        let count = 64
        let replies = try await runOnLoop { (loop, finish: @escaping ([Int: String]) -> Void) in
            let listener = try TCPListener.listen(on: loop, host: "localhost", port: 0) { connection in
                connection.onRead = { connection.write(Array($0)) }
            }
            var replies: [Int: String] = [:]
            for index in 0..<count {
                TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                    guard case .success(let client) = result else { Issue.record("connect \(index) failed"); return }
                    var received: [UInt8] = []
                    client.onRead = { bytes in
                        received += bytes
                        if received.last == UInt8(ascii: "\n") {
                            replies[index] = String(decoding: received, as: UTF8.self)
                            client.close()
                            if replies.count == count { finish(replies) }
                        }
                    }
                    client.write(Array("client-\(index)\n".utf8))
                }
            }
        }
        let result = try #require(replies)
        #expect(result.count == count)
        for index in 0..<count { #expect(result[index] == "client-\(index)\n") }
    }

    @Test func backPressureWithPausedReader() async throws {
        let total = 32 * 1024 * 1024
        struct Outcome: Sendable {
            var pendingAfterWrite = 0
            var pendingWhilePaused = 0
            var drainsWhilePaused = 0
            var drains = 0
            var received = 0
            var patternIntact = true
        }
        let expected = pattern(count: total)
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            var outcome = Outcome()
            var server: TCPConnection?
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { connection in
                server = connection
                connection.onDrain = {
                    outcome.drains += 1
                    if outcome.received == total { finish(outcome) }
                }
                connection.write(expected)
                outcome.pendingAfterWrite = connection.pendingWriteBytes
            }
            TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                guard case .success(let client) = result else { Issue.record("connect failed"); return finish(outcome) }
                client.pauseReading()
                client.onRead = { bytes in
                    if !matches(bytes, expected, at: outcome.received) { outcome.patternIntact = false }
                    outcome.received += bytes.count
                    if outcome.received == total && outcome.drains > 0 { finish(outcome) }
                }
                let check = ShoalLoop.Timer(loop: loop)
                check.start(afterMilliseconds: 100) {
                    check.close()
                    outcome.pendingWhilePaused = server?.pendingWriteBytes ?? -1
                    outcome.drainsWhilePaused = outcome.drains
                    client.resumeReading()
                }
            }
        }
        let result = try #require(outcome)
        #expect(result.pendingAfterWrite == total)
        #expect(result.pendingWhilePaused > 0)
        #expect(result.drainsWhilePaused == 0)
        #expect(result.drains == 1)
        #expect(result.received == total)
        #expect(result.patternIntact)
    }

    @Test func peerCloseReachesBothSides() async throws {
        struct Outcome: Sendable { var serverClosed = 0; var clientClosed = 0; var serverIsClosed = false }
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            var outcome = Outcome()
            func finishIfDone() { if outcome.serverClosed > 0 && outcome.clientClosed > 0 { finish(outcome) } }
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { connection in
                connection.onClose = {
                    outcome.serverClosed += 1
                    outcome.serverIsClosed = connection.isClosed
                    finishIfDone()
                }
            }
            TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                guard case .success(let client) = result else { Issue.record("connect failed"); return finish(outcome) }
                client.onClose = {
                    outcome.clientClosed += 1
                    finishIfDone()
                }
                client.close()
            }
        }
        let result = try #require(outcome)
        #expect(result.serverClosed == 1)
        #expect(result.clientClosed == 1)
        #expect(result.serverIsClosed)
    }

    @Test func gracefulCloseFlushesQueuedWrites() async throws {
        let total = 4 * 1024 * 1024
        struct Outcome: Sendable { var received = 0; var intact = true; var closedRightAway = false }
        let expected = pattern(count: total)
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            var outcome = Outcome()
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { connection in
                connection.write(expected)
                connection.close()
                outcome.closedRightAway = connection.isClosed
                connection.write([1, 2, 3])
            }
            TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                guard case .success(let client) = result else { Issue.record("connect failed"); return finish(outcome) }
                client.onRead = { bytes in
                    if !matches(bytes, expected, at: outcome.received) { outcome.intact = false }
                    outcome.received += bytes.count
                }
                client.onClose = { finish(outcome) }
            }
        }
        let result = try #require(outcome)
        #expect(result.closedRightAway)
        #expect(result.received == total)
        #expect(result.intact)
    }

    @Test func abortDropsQueuedWritesAndClosesOnce() async throws {
        let total = 32 * 1024 * 1024
        struct Outcome: Sendable { var serverCloses = 0; var pendingAfterClose = -1; var clientReceived = 0; var clientClosed = false }
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            var outcome = Outcome()
            func finishIfDone() { if outcome.serverCloses > 0 && outcome.clientClosed { finish(outcome) } }
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { connection in
                connection.onClose = {
                    outcome.serverCloses += 1
                    outcome.pendingAfterClose = connection.pendingWriteBytes
                    finishIfDone()
                }
                connection.write([UInt8](repeating: 7, count: total))
                connection.abort()
                connection.abort()
                connection.close()
            }
            TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                guard case .success(let client) = result else { Issue.record("connect failed"); return finish(outcome) }
                client.onRead = { outcome.clientReceived += $0.count }
                client.onClose = {
                    outcome.clientClosed = true
                    finishIfDone()
                }
            }
        }
        let result = try #require(outcome)
        #expect(result.serverCloses == 1)
        #expect(result.pendingAfterClose == 0)
        #expect(result.clientClosed)
        #expect(result.clientReceived < total)
    }

    @Test func connectToClosedPortFails() async throws {
        let errorName = try await runOnLoop { (loop, finish: @escaping (String) -> Void) in
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { _ in }
            let port = listener.port
            listener.close()
            TCPClient.connect(on: loop, host: "127.0.0.1", port: port) { result in
                switch result {
                case .success: finish("connected")
                case .failure(let error): finish(error.name)
                }
            }
        }
        #expect(errorName == "ECONNREFUSED")
    }

    @Test func invalidAddressFailsAsynchronously() async throws {
        let outcome = try await runOnLoop { (loop, finish: @escaping ([String]) -> Void) in
            var events: [String] = []
            TCPClient.connect(on: loop, host: "not-an-address", port: 80) { result in
                if case .failure(let error) = result { events.append(error.name) }
                finish(events)
            }
            events.append("returned")
        }
        #expect(outcome == ["returned", "EINVAL"])
    }

    @Test func listenOnBusyPortThrows() async throws {
        let outcome = try await runOnLoop { (loop, finish: @escaping (String) -> Void) in
            let first = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { _ in }
            do {
                _ = try TCPListener.listen(on: loop, host: "127.0.0.1", port: first.port) { _ in }
                finish("listened twice")
            } catch let error as LoopError {
                #expect(error.code < 0)
                finish(error.description)
            }
        }
        let description = try #require(outcome)
        #expect(description.hasPrefix("EADDRINUSE: "))
    }
}
