import ArgumentParser

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
        subcommands: [Debug.self]
    )

    public init() {}
}
