import ArgumentParser

/// `seep debug`: looks inside Seep's Go front end.
struct Debug: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Inspect how Seep reads Go source.",
        subcommands: [DebugAST.self, DebugParse.self, DebugFiles.self]
    )
}
