import ArgumentParser
import Foundation

/// `seep debug files`: the files `seep lint` would check, one per line.
struct DebugFiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "List the Go files seep lint would check for these patterns."
    )

    @Argument(help: "Packages, directories or files, as for seep lint.")
    var patterns: [String] = ["./..."]

    @Flag(help: "List generated files too.")
    var includeGenerated = false

    func run() throws {
        let files: [String]
        do {
            files = try LintTargets.files(for: patterns)
        } catch {
            throw CommandFailure("\(error)")
        }
        for file in files {
            if !includeGenerated, let source = try? SourceFiles.read(file), LintTargets.isGenerated(source.bytes) { continue }
            print(file)
        }
    }
}
