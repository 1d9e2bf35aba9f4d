#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if !SHOAL_FUZZ
/// Entry point of a plain build (`swift build`): replays the input files given as arguments through
/// the fuzz checks, e.g. to reproduce a crash libFuzzer saved.
///
/// `ops/fuzz websocket` builds with `--sanitize fuzzer -Xswiftc -DSHOAL_FUZZ`, which leaves this type out so
/// that libFuzzer's own `main` drives `LLVMFuzzerTestOneInput`.
@main
enum ReplayMain {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: shoal-fuzz-websocket FILE...  (replays inputs; ops/fuzz websocket fuzzes)")
        }
        for path in paths {
            guard let data = readFile(path) else {
                print("cannot read \(path)")
                exit(2)
            }
            fuzzWebSocketReader(data)
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
#endif
