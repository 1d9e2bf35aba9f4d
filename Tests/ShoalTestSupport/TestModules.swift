#if canImport(Glibc)
import Glibc
#endif

/// A temporary `runtime.path` holding the given Lua modules (file name → source).
package enum TestModules {
    package static func directory(_ files: [String: String]) throws -> String {
        var template = Array("/tmp/shoal-modules-XXXXXX".utf8CString)
        guard let raw = mkdtemp(&template) else { throw TestModulesError(description: "mkdtemp failed") }
        let root = String(cString: raw)
        for (name, source) in files {
            let path = root + "/" + name
            if let slash = name.lastIndex(of: "/") {
                _ = mkdir(root + "/" + name[..<slash], 0o755)
            }
            guard let file = fopen(path, "wb") else { throw TestModulesError(description: "cannot write \(path)") }
            _ = source.withCString { fputs($0, file) }
            fclose(file)
        }
        return root
    }

    package struct TestModulesError: Error, CustomStringConvertible {
        package var description: String
    }
}
