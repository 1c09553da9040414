import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `seep` command: finds the slow leaks in Go programs.
public struct Seep: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "seep",
        abstract: "Find the slow memory and goroutine leaks in Go programs.",
        discussion: """
            Seep looks at a Go program three ways: its source (which lines will leak), its \
            goroutine dumps (which goroutines are stuck forever), and its memory over time \
            (is it climbing steadily, not just warming up).

            Exit status: 0 nothing found, 1 leaks found, 2 usage, input or internal error.
            """,
        version: version,
        subcommands: [Lint.self, Rules.self, Explain.self, GoroutinesCommand.self, TrendCommand.self, WatchCommand.self, Debug.self]
    )

    public init() {}

    /// Runs the command line with Seep's exit statuses: usage and input errors are 2
    /// (swift-argument-parser's own default for usage errors is 64).
    public static func runMain() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            exit(withError: nil)
        } catch let failure as CommandFailure {
            printError("seep: \(failure.message)")
            Glibc.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode {
                exit(withError: error)
            }
            printError(fullMessage(for: error))
            Glibc.exit(2)
        }
    }
}
