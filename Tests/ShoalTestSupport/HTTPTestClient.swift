#if canImport(Glibc)
import Glibc
#endif
import ShoalJSON

/// A deliberately plain blocking HTTP/1.1 client over a POSIX socket, so tests exercise the node through
/// a real TCP connection with exact control over the bytes sent.
package final class HTTPTestClient {
    package struct Response: CustomStringConvertible {
        package var status: Int
        package var headers: [(String, String)]
        package var body: [UInt8]

        package func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        package var text: String { String(decoding: body, as: UTF8.self) }
        package var json: JSON? { try? JSONParser.parse(body) }
        package var description: String { "\(status) \(text)" }
    }

    package struct ClientError: Error, CustomStringConvertible {
        package var description: String
    }

    package let port: Int
    private var socketDescriptor: Int32 = -1
    private var buffer: [UInt8] = []

    package init(port: Int) { self.port = port }

    deinit { disconnect() }

    package func connect() throws {
        disconnect()
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ClientError(description: "socket failed") }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw ClientError(description: "connect failed: \(errno)")
        }
        socketDescriptor = descriptor
        buffer = []
    }

    package func disconnect() {
        if socketDescriptor >= 0 { close(socketDescriptor) }
        socketDescriptor = -1
        buffer = []
    }

    /// Sends raw bytes on the connection (opening it if needed).
    package func send(_ bytes: [UInt8]) throws {
        if socketDescriptor < 0 { try connect() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw ClientError(description: "send failed: \(errno)") }
            offset += written
        }
    }

    package func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads one response; `headRequest` means no body follows whatever Content-Length says.
    package func readResponse(headRequest: Bool = false) throws -> Response {
        let headerEnd = try readUntil([13, 10, 13, 10])
        let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        buffer.removeFirst(headerEnd + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ClientError(description: "bad status line: \(head)")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharactersSpace()))
        }
        let length = headRequest ? 0 : Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        while buffer.count < length { try fill() }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Exactly `count` bytes from the connection (after any buffered ones).
    package func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// True when the server has closed the connection (reads EOF).
    package func isClosedByServer() -> Bool {
        guard socketDescriptor >= 0 else { return true }
        var byte: UInt8 = 0
        let count = recv(socketDescriptor, &byte, 1, 0)
        if count > 0 { buffer.append(byte) }
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// One request on the kept-alive connection.
    package func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> Response {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        try send(Array(text.utf8) + body)
        return try readResponse(headRequest: method == "HEAD")
    }

    package func request(_ method: String, _ path: String, headers: [(String, String)] = [], json: JSON) throws
        -> Response
    {
        try request(method, path, headers: headers + [("Content-Type", "application/json")], body: JSONWriter.write(json))
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for index in searchFrom...(buffer.count - marker.count) where buffer[index] == marker[0] {
                    if Array(buffer[index..<(index + marker.count)]) == marker { return index }
                }
                searchFrom = max(0, buffer.count - marker.count + 1)
            }
            try fill()
        }
    }

    private func fill() throws {
        if socketDescriptor < 0 { throw ClientError(description: "not connected") }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(socketDescriptor, &chunk, chunk.count, 0)
        guard count > 0 else { throw ClientError(description: count == 0 ? "connection closed" : "recv failed: \(errno)") }
        buffer.append(contentsOf: chunk[0..<count])
    }
}

extension String {
    func trimmingCharactersSpace() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
