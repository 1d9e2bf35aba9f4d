#if canImport(Glibc)
import Glibc
#endif
import ShoalConfig
import ShoalLog
import ShoalNode

/// `shoal` runs a node; `shoal migrate up|status` manages the schema; `shoal check` validates the config.
let arguments = Array(CommandLine.arguments.dropFirst())
exit(CommandLineInterface.run(arguments))
