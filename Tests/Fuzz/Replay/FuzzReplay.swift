#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a plain (non-fuzzer) build of a fuzz target does: replays the input files given as arguments through
/// the target's checks, e.g. to reproduce a crash libFuzzer saved.
package enum FuzzReplay {
    package static func run(target: String, _ check: ([UInt8]) -> Void) {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: shoal-fuzz-\(target) FILE...  (replays inputs; ops/fuzz \(target) fuzzes)")
        }
        for path in paths {
            guard let data = readFile(path) else {
                print("cannot read \(path)")
                exit(2)
            }
            check(data)
            print("ok \(path) (\(data.count) bytes)")
        }
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return bytes
    }
}
