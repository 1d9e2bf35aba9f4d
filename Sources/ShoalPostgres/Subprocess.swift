#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program (initdb, pg_ctl, runuser) to completion with `posix_spawn`, capturing its
/// combined stdout and stderr, because Foundation's `Process` is not used in Shoal.
///
/// The child gets stdin from /dev/null, default signal dispositions, an empty signal mask, its own
/// process group, and no file descriptor above 2 (so a server it starts never inherits the node's
/// sockets). `run` blocks the calling thread until the child exits.
struct Subprocess {
    struct Outcome {
        var status: Int32
        var output: String
        var succeeded: Bool { status == 0 }
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// Runs `arguments[0]` (an absolute path) with the given arguments in `directory`.
    static func run(_ arguments: [String], in directory: String) throws -> Outcome {
        precondition(!arguments.isEmpty && arguments[0].hasPrefix("/"), "Subprocess needs an absolute path")
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw failure("pipe", arguments) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        defer { Glibc.close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        // glibc extensions (2.34 / 2.29) that the Glibc module does not import.
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        } else {
            posix_spawn_file_actions_addclose(&actions, writeEnd)
            posix_spawn_file_actions_addclose(&actions, readEnd)
        }
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") {
            _ = unsafeBitCast(symbol, to: ChangeDirectory.self)(&actions, directory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        Glibc.close(writeEnd)
        guard spawned == 0 else {
            throw PGError(message: "could not start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }

        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw failure("waitpid", arguments) }
        }
        // WIFEXITED / WEXITSTATUS are macros: exit code in bits 8…15 when the low 7 bits are 0.
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }

    private static func failure(_ call: String, _ arguments: [String]) -> PGError {
        PGError(message: "\(call) failed for \(arguments[0]): \(String(cString: strerror(errno)))")
    }
}
