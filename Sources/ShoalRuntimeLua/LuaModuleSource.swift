#if canImport(Glibc)
import Glibc
#endif

/// One `.lua` file of `runtime.path`: its module name (relative path, `/` → `.`, extension dropped),
/// its path for error messages, and its bytes.
package struct LuaModuleSource: Sendable, Equatable {
    package var name: String
    package var path: String
    package var source: [UInt8]

    package init(name: String, path: String, source: [UInt8]) {
        self.name = name
        self.path = path
        self.source = source
    }

    package struct ScanError: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// Every `.lua` file under `root` (sub-folders too), sorted by module name. A missing root is created,
    /// as Nakama does, and yields no modules.
    package static func scan(root: String) throws(ScanError) -> [LuaModuleSource] {
        var found: [LuaModuleSource] = []
        if access(root, F_OK) != 0 {
            guard mkdirRecursive(root) else {
                throw ScanError(description: "cannot create runtime path \(root): \(String(cString: strerror(errno)))")
            }
            return []
        }
        try walk(root: root, relative: "", into: &found)
        return found.sorted { $0.name < $1.name }
    }

    private static func walk(root: String, relative: String, into found: inout [LuaModuleSource]) throws(ScanError) {
        let directory = relative.isEmpty ? root : root + "/" + relative
        guard let handle = opendir(directory) else {
            throw ScanError(description: "cannot read \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        var entries: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { entries.append(name) }
        }
        for name in entries {
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let path = root + "/" + childRelative
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try walk(root: root, relative: childRelative, into: &found)
            } else if (info.st_mode & S_IFMT) == S_IFREG, name.lowercased().hasSuffix(".lua") {
                let moduleName = String(childRelative.dropLast(4)).split(separator: "/").joined(separator: ".")
                found.append(LuaModuleSource(name: moduleName, path: path, source: try read(path)))
            }
        }
    }

    private static func read(_ path: String) throws(ScanError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ScanError(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    private static func mkdirRecursive(_ path: String) -> Bool {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if access(current, F_OK) != 0 && mkdir(current, 0o755) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
