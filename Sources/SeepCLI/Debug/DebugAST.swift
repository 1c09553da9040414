import ArgumentParser
import GoSyntax

/// `seep debug ast`: the canonical outline of each file's syntax tree (the same form as
/// tools/goastdump prints from go/parser), or the file's first syntax error.
struct DebugAST: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ast",
        abstract: "Print the syntax tree outline of Go files.",
        discussion: """
            For each file: a line '=== PATH', then 'ok' and one line per node (kind, start and \
            end as line:col, details), then the comments; or 'error LINE:COL: MESSAGE'. \
            Directories are walked for .go files.
            """
    )

    @Argument(help: "Go files or directories.")
    var paths: [String]

    func run() throws {
        let files = try SourceFiles.collect(paths)
        let outlines = WorkerPool.map(count: files.count, threads: WorkerPool.defaultThreads) { index in
            DebugAST.outline(path: files[index])
        }
        for outline in outlines { print(outline, terminator: "") }
    }

    /// Deeper levels are marked with their depth instead of indented further.
    static let maxIndent = 100

    static func outline(path: String) -> String {
        var text = "=== \(path)\n"
        do {
            let source = try SourceFiles.read(path)
            let tree = Parser.parse(source)
            if let error = tree.errors.first {
                text += "error \(source.position(of: error.offset)): \(error.message)\n"
            } else {
                text += "ok\n" + ASTOutline.render(tree, maxIndent: DebugAST.maxIndent)
            }
        } catch {
            text += "unreadable \(error)\n"
        }
        return text
    }
}
