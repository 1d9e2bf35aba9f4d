import ShoalFuzzReplay

#if !SHOAL_FUZZ
/// Entry point of a plain build (`swift build`): replays input files through the fuzz checks.
///
/// `ops/fuzz cluster` builds with `--sanitize fuzzer -Xswiftc -DSHOAL_FUZZ`, which leaves this type out so
/// that libFuzzer's own `main` drives `LLVMFuzzerTestOneInput`.
@main
enum ReplayMain {
    static func main() {
        FuzzReplay.run(target: "cluster", fuzzClusterInputs)
    }
}
#endif
