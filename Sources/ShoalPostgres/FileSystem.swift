#if canImport(Glibc)
import Glibc
#endif

/// The few file operations `EmbeddedPostgres` needs, on Glibc directly so the module does not
/// pull in Foundation. Errors become `PGError`s naming the path.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    /// Creates `path` with `mode` and its missing parents with 0755 (so another user may pass
    /// through them); existing directories are left as they are.
    static func makeDirectories(_ path: String, mode: mode_t = 0o700) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        let components = path.split(separator: "/")
        for (index, component) in components.enumerated() {
            prefix += "/" + component
            let isLast = index == components.count - 1
            if mkdir(prefix, isLast ? mode : 0o755) != 0 && errno != EEXIST {
                throw error("could not create directory", prefix)
            }
        }
    }

    static func changeOwner(_ path: String, to owner: (uid: uid_t, gid: gid_t)) throws {
        guard chown(path, owner.uid, owner.gid) == 0 else { throw error("could not change the owner of", path) }
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var contents = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                contents.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        return String(decoding: contents, as: UTF8.self)
    }

    /// Replaces (or with `append`, extends) the file's contents.
    static func write(_ path: String, _ text: String, append: Bool = false, mode: mode_t = 0o644) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = open(path, flags, mode)
        guard fd >= 0 else { throw error("could not open", path) }
        defer { close(fd) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                guard errno == EINTR else { throw error("could not write", path) }
                continue
            }
            bytes = bytes.dropFirst(count)
        }
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func entries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names = [String]()
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The target of a symbolic link such as `/proc/<pid>/cwd`.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func error(_ what: String, _ path: String) -> PGError {
        PGError(message: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
