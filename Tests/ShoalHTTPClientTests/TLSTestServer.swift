#if canImport(Glibc)
import Glibc
#endif
import ShoalTestSupport

/// `openssl s_server -www` with a fresh self-signed certificate for CN=localhost, so https tests run
/// against a real TLS stack rather than the client's own code.
///
/// `init` generates the key and certificate in a temporary directory, starts the server on a free
/// loopback port and waits (at most 10 s) until it accepts connections. `stop()` kills the process and
/// removes the directory; it MUST be called.
final class TLSTestServer {
    let port: Int
    private let process: pid_t
    private let directory: String

    init() throws {
        var template = Array("/tmp/shoal-tls-test.XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        directory = String(cString: created)
        let key = directory + "/key.pem"
        let certificate = directory + "/cert.pem"
        let generated = try Self.spawn([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-days", "1", "-keyout", key, "-out", certificate,
        ])
        var status: Int32 = 0
        waitpid(generated, &status, 0)
        guard status == 0 else { throw TestFailure("openssl req failed with status \(status)") }

        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        port = try CannedServer.bindLoopback(probe, ipv6: false)
        close(probe)
        process = try Self.spawn([
            "openssl", "s_server", "-quiet", "-www", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key,
        ])
        for _ in 0..<200 {
            if Self.accepts(port: port) { return }
            usleep(50_000)
        }
        stop()
        throw TestFailure("openssl s_server did not start")
    }

    func stop() {
        kill(process, SIGKILL)
        var status: Int32 = 0
        waitpid(process, &status, 0)
        for file in ["key.pem", "cert.pem"] { unlink(directory + "/" + file) }
        rmdir(directory)
    }

    /// Starts `arguments` (looked up in PATH) with stdin, stdout and stderr on /dev/null and no signal
    /// blocked (the test runner's threads block some, and a child would inherit that mask).
    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else { throw TestFailure("posix_spawnp \(arguments[0]) failed: \(result)") }
        return pid
    }

    /// Whether a plain TCP connect to the port succeeds.
    private static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
