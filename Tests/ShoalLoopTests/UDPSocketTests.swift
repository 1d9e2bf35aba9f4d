import ShoalLoop
import Testing

@Suite struct UDPSocketTests {
    struct Datagram: Sendable {
        var text: String
        var host: String
        var port: Int
    }

    /// An echo socket: answers every datagram to its sender with the same bytes.
    private static func echo(on loop: Loop, host: String) throws -> UDPSocket {
        var socket: UDPSocket?
        socket = try UDPSocket.bind(on: loop, host: host, port: 0) { bytes, host, port in
            socket?.send(Array(bytes), to: host, port: port)
        }
        return socket!
    }

    @Test func roundTripReportsSender() async throws {
        struct Outcome: Sendable { var atServer: Datagram; var atClient: Datagram; var serverPort: Int; var clientPort: Int }
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            var atServer = Datagram(text: "", host: "", port: 0)
            var server: UDPSocket?
            server = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { bytes, host, port in
                atServer = Datagram(text: String(decoding: bytes, as: UTF8.self), host: host, port: port)
                server?.send(Array("pong".utf8), to: host, port: port)
            }
            var client: UDPSocket?
            client = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { bytes, host, port in
                let atClient = Datagram(text: String(decoding: bytes, as: UTF8.self), host: host, port: port)
                finish(Outcome(atServer: atServer, atClient: atClient, serverPort: server!.port, clientPort: client!.port))
            }
            client!.send(Array("ping".utf8), to: "127.0.0.1", port: server!.port)
        }
        let result = try #require(outcome)
        #expect(result.serverPort > 0 && result.clientPort > 0 && result.serverPort != result.clientPort)
        #expect(result.atServer.text == "ping")
        #expect(result.atServer.host == "127.0.0.1")
        #expect(result.atServer.port == result.clientPort)
        #expect(result.atClient.text == "pong")
        #expect(result.atClient.host == "127.0.0.1")
        #expect(result.atClient.port == result.serverPort)
    }

    @Test func ipv6LoopbackAndLargeDatagram() async throws {
        let payload = pattern(count: 60_000)
        struct Outcome: Sendable { var bytes: [UInt8]; var host: String }
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            let server = try Self.echo(on: loop, host: "::1")
            let client = try UDPSocket.bind(on: loop, host: "::1", port: 0) { bytes, host, _ in
                finish(Outcome(bytes: Array(bytes), host: host))
            }
            client.send(payload, to: "::1", port: server.port)
        }
        let result = try #require(outcome)
        #expect(result.host == "::1")
        #expect(result.bytes == payload)
    }

    @Test func manyDatagramsBothWays() async throws {
        let count = 64
        struct Outcome: Sendable { var atFirst: Set<String>; var atSecond: Set<String> }
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            var received = Outcome(atFirst: [], atSecond: [])
            func check() {
                if received.atFirst.count == count && received.atSecond.count == count { finish(received) }
            }
            let first = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { bytes, _, _ in
                received.atFirst.insert(String(decoding: bytes, as: UTF8.self))
                check()
            }
            let second = try UDPSocket.bind(on: loop, host: "localhost", port: 0) { bytes, _, _ in
                received.atSecond.insert(String(decoding: bytes, as: UTF8.self))
                check()
            }
            for index in 0..<count {
                first.send(Array("to-second-\(index)".utf8), to: "127.0.0.1", port: second.port)
                second.send(Array("to-first-\(index)".utf8), to: "localhost", port: first.port)
            }
        }
        let result = try #require(outcome)
        #expect(result.atFirst == Set((0..<count).map { "to-first-\($0)" }))
        #expect(result.atSecond == Set((0..<count).map { "to-second-\($0)" }))
    }

    @Test func sendToClosedPortOrBadAddressIsNotFatal() async throws {
        struct Outcome: Sendable { var echoed: String; var badAddressErrors: Int }
        let outcome = try await runOnLoop { (loop, finish: @escaping (Outcome) -> Void) in
            let gone = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { _, _, _ in }
            let closedPort = gone.port
            gone.close()
            let server = try Self.echo(on: loop, host: "127.0.0.1")
            var client: UDPSocket?
            var badAddressErrors = 0
            client = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { bytes, _, _ in
                finish(Outcome(echoed: String(decoding: bytes, as: UTF8.self), badAddressErrors: badAddressErrors))
            }
            for _ in 0..<5 { client!.send(Array("lost".utf8), to: "127.0.0.1", port: closedPort) }
            let errorsBefore = client!.sendErrorCount
            client!.send(Array("nowhere".utf8), to: "not-an-address", port: 9)
            client!.send(Array("nowhere".utf8), to: "127.0.0.1", port: 70_000)
            badAddressErrors = client!.sendErrorCount - errorsBefore
            client!.send(Array("still alive".utf8), to: "127.0.0.1", port: server.port)
        }
        let result = try #require(outcome)
        #expect(result.echoed == "still alive")
        #expect(result.badAddressErrors == 2)
    }

    @Test func closeStopsDelivery() async throws {
        // Read after the loop stopped, so a delivery after the marker would still be counted.
        let deliveredToClosed = LoopState(0)
        let errorsAfterClose = LoopState(-1)
        let marker = try await runOnLoop { (loop, finish: @escaping (String) -> Void) in
            var markerSeen: String?
            var target: UDPSocket?
            func check() {
                if let markerSeen, deliveredToClosed.value > 0 { finish(markerSeen) }
            }
            target = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { _, _, _ in
                deliveredToClosed.value += 1
                target!.close()
                target!.send(Array("after close".utf8), to: "127.0.0.1", port: 9)
                errorsAfterClose.value = target!.sendErrorCount
                check()
            }
            let witness = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { bytes, _, _ in
                markerSeen = String(decoding: bytes, as: UTF8.self)
                check()
            }
            let sender = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { _, _, _ in }
            // Loopback queues each datagram at send time, so all five wait in the target's buffer
            // before the witness's marker is sent.
            for index in 0..<5 { sender.send(Array("datagram \(index)".utf8), to: "127.0.0.1", port: target!.port) }
            sender.send(Array("marker".utf8), to: "127.0.0.1", port: witness.port)
        }
        #expect(marker == "marker")
        #expect(deliveredToClosed.value == 1)
        #expect(errorsAfterClose.value == 0)
    }

    @Test func bindingATakenPortThrows() async throws {
        let failure = try await runOnLoop { (loop, finish: @escaping (String) -> Void) in
            let first = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: 0) { _, _, _ in }
            do {
                _ = try UDPSocket.bind(on: loop, host: "127.0.0.1", port: first.port) { _, _, _ in }
                finish("bound twice")
            } catch let error as LoopError {
                finish(error.name)
            }
        }
        #expect(failure == "EADDRINUSE")
    }
}
