#if canImport(Glibc)
import Glibc
#endif
import ShoalJSON

/// A blocking WebSocket client over a plain socket for tests: the RFC 6455 client side written
/// independently of the server's codec (masking, framing), so the two check each other.
package final class WebSocketTestClient {
    package enum Frame: Equatable {
        case text(String)
        case binary([UInt8])
        case ping([UInt8])
        case pong([UInt8])
        case close(code: UInt16?, reason: String)
    }

    private let http: HTTPTestClient
    private var buffer: [UInt8] = []

    /// Opens `/ws?<query>` and completes the handshake; throws with the server's answer when it refuses.
    package init(port: Int, query: String, headers: [(String, String)] = []) throws {
        http = HTTPTestClient(port: port)
        var request = "GET /ws?\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try http.send(request + "\r\n")
        let response = try http.readResponse()
        guard response.status == 101 else {
            throw HandshakeRefused(status: response.status, body: response.text)
        }
        guard response.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" else {
            throw HandshakeRefused(status: response.status, body: "bad Sec-WebSocket-Accept")
        }
    }

    package struct HandshakeRefused: Error, CustomStringConvertible {
        package var status: Int
        package var body: String
        package var description: String { "\(status) \(body)" }
    }

    /// Sends one masked frame.
    package func send(opcode: UInt8, payload: [UInt8], fin: Bool = true, masked: Bool = true) throws {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let maskBit: UInt8 = masked ? 0x80 : 0
        if payload.count < 126 {
            frame.append(maskBit | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame.append(maskBit | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((payload.count >> shift) & 0xFF)) }
        }
        if masked {
            let mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
            frame += mask
            frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        } else {
            frame += payload
        }
        try http.send(frame)
    }

    package func sendText(_ text: String) throws { try send(opcode: 1, payload: Array(text.utf8)) }

    package func send(_ envelope: JSON) throws { try sendText(JSONWriter.string(envelope)) }

    /// The next frame from the server.
    package func receive() throws -> Frame {
        let head = try http.readBytes(2)
        let opcode = head[0] & 0x0F
        var length = Int(head[1] & 0x7F)
        if length == 126 {
            let extended = try http.readBytes(2)
            length = Int(extended[0]) << 8 | Int(extended[1])
        } else if length == 127 {
            length = try http.readBytes(8).reduce(0) { $0 << 8 | Int($1) }
        }
        let payload = try http.readBytes(length)
        switch opcode {
        case 1: return .text(String(decoding: payload, as: UTF8.self))
        case 2: return .binary(payload)
        case 9: return .ping(payload)
        case 10: return .pong(payload)
        case 8:
            let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
            return .close(code: code, reason: String(decoding: payload.dropFirst(2), as: UTF8.self))
        default: return .binary(payload)
        }
    }

    /// The next text frame parsed as JSON, answering pings on the way.
    package func receiveEnvelope() throws -> JSON {
        while true {
            switch try receive() {
            case .text(let text): return try JSONParser.parse(text)
            case .ping(let payload): try send(opcode: 10, payload: payload)
            case .close(let code, let reason): throw Closed(code: code, reason: reason)
            default: continue
            }
        }
    }

    package struct Closed: Error, CustomStringConvertible {
        package var code: UInt16?
        package var reason: String
        package var description: String { "closed \(code.map(String.init) ?? "-") \(reason)" }
    }

    /// Sends an envelope with `cid` and returns the reply carrying that cid (events before it are skipped).
    package func request(_ cid: String, _ envelope: JSONObject) throws -> JSON {
        var message = envelope
        message["cid"] = .string(cid)
        try send(.object(message))
        while true {
            let reply = try receiveEnvelope()
            if reply["cid"] == .string(cid) { return reply }
        }
    }

    package func isClosedByServer() -> Bool { http.isClosedByServer() }

    package func close() { http.disconnect() }
}

extension WebSocketTestClient {
    /// The next event carrying `key` (and passing `accept`), skipping others.
    package func next(_ key: String, where accept: (JSON) -> Bool = { _ in true }) throws -> JSON {
        while true {
            let envelope = try receiveEnvelope()
            if let value = envelope[key], accept(value) { return value }
        }
    }
}

/// A new device account with a realtime socket open on a node: what most realtime tests start from.
package struct RealtimePlayer {
    package var socket: WebSocketTestClient
    package var userID: String
    package var token: String

    /// `status` is the socket's `status` query parameter (appear online to followers).
    package init(on node: TestNode, status: Bool = false) throws {
        let account = try node.client().account()
        socket = try WebSocketTestClient(port: node.port, query: "token=\(account.token)&status=\(status)")
        userID = account.id
        token = account.token
    }

    package init(socket: WebSocketTestClient, userID: String, token: String) {
        self.socket = socket
        self.userID = userID
        self.token = token
    }
}
