import Foundation
import ShoalConfig
import Testing

/// `ops/shoal.example.yml` must stay a faithful list of every key and its default.
@Suite struct ExampleConfigTests {
    private static let examplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ops/shoal.example.yml").path

    private static func exampleText() throws -> String {
        try String(contentsOfFile: examplePath, encoding: .utf8)
    }

    @Test func exampleYieldsExactlyTheDefaults() throws {
        for cores in [1, 8] {
            let config = try ConfigLoader.load(arguments: ["--config", Self.examplePath], cores: cores) { path in
                try String(contentsOfFile: path, encoding: .utf8)
            }
            #expect(config == NodeConfig(cores: cores))
        }
    }

    /// Dotted keys written in the example, each with whether the line above it is a comment.
    private static func writtenKeys(in text: String) -> [(key: String, commented: Bool)] {
        var keys: [(key: String, commented: Bool)] = []
        var section: String?
        var previous = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            defer { previous = line }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("-"),
                  let colon = trimmed.firstIndex(of: ":") else { continue }
            let name = String(trimmed[..<colon])
            let isTopLevel = !line.hasPrefix(" ")
            if isTopLevel && trimmed.hasSuffix(":") {
                section = name
                continue
            }
            if isTopLevel { section = nil }
            let dotted = section.map { "\($0).\(name)" } ?? name
            keys.append((dotted, previous.trimmingCharacters(in: .whitespaces).hasPrefix("#")))
        }
        return keys
    }

    @Test func exampleWritesEveryKeyOnceWithAComment() throws {
        let written = Self.writtenKeys(in: try Self.exampleText())
        #expect(written.map(\.key) == ConfigLoader.keyHelp.map(\.key))
        for entry in written {
            #expect(entry.commented, "\(entry.key) has no comment above it")
        }
    }
}
