import ArgumentParser
import Foundation
import GoSyntax
import Goroutines
import LeakRules
import Reports
import Watch

#if canImport(Glibc)
import Glibc
#endif

extension GoroutineFormat: ExpressibleByArgument {}
extension Similarity: ExpressibleByArgument {}

/// `seep goroutines`: the goroutine lens.
struct GoroutinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goroutines",
        abstract: "Find the goroutines stuck forever in dumps and profiles of a Go program.",
        discussion: """
            INPUT is a file, '-' for standard input, or the http(s) URL of a Go service that \
            serves net/http/pprof ('http://host:6060' or a '/debug/pprof/goroutine' URL; Seep \
            asks for debug=2 when the URL does not say). Formats are detected: traceback text \
            (debug=2, runtime.Stack, panics, SIGQUIT, go test timeouts, also inside logs), \
            debug=1 text, and the pprof protobuf.

            Goroutines with the same stack are grouped; groups that look leaked are ranked \
            first, with the reasons. Give two or more inputs, oldest first, to compare \
            snapshots: a group that keeps growing is the strongest evidence of a leak.

            Exit status: 0 no suspects, 1 suspects, 2 unreadable input or usage error.
            """
    )

    @Argument(help: "Dumps or profiles: files, '-', or http(s) URLs, oldest first.")
    var inputs: [String]

    @Option(help: "Output format: text, json or html (a self-contained page).")
    var format: GoroutineFormat = .text

    @Option(help: "How alike goroutines must be to share a group: exact, lines or functions.")
    var similarity: Similarity = .lines

    @Flag(help: "List every group, not only the suspects.")
    var all = false

    @Option(help: ArgumentHelp("A function (or a prefix ending in '.') whose goroutines wait by design; repeat as needed.", valueName: "function"))
    var allow: [String] = []

    @Option(help: ArgumentHelp("A directory of the program's source: show each suspect's blocking line and the seep lint findings on it.", valueName: "dir"))
    var source: String?

    @Flag(help: "Show who started whom: each group under the group that started it (reads every goroutine's id).")
    var tree = false

    @Option(help: "Seconds to wait for an http(s) input.")
    var timeout: Double = 10

    func validate() throws {
        if !(timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout: seconds above 0, at most 3600") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input ('-') can be read only once") }
        var isDirectory: ObjCBool = false
        if let source, !(FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw ValidationError("--source: '\(source)' is not a directory")
        }
    }

    func run() throws {
        var snapshots: [Snapshot] = []
        for input in inputs {
            do {
                snapshots.append(try read(input, keepAllIDs: inputs.count > 1 || tree))
            } catch let failure as DumpReader.Failure {
                throw CommandFailure(failure.description)
            } catch let failure as HTTPFetcher.Failure {
                throw CommandFailure(failure.description)
            }
        }
        var suspects = LeakSuspects()
        suspects.allow += allow
        let report = GoroutineReport(snapshots: snapshots, suspects: suspects)
        let context = source.map { SourceLines.context(for: report, under: $0) } ?? SourceContext()
        let color = format == .text && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let parents = tree ? GoroutineTree(report.entries.map(\.group)) : nil
        print(format.render(report, all: all, color: color, source: context, tree: parents), terminator: "")
        if !report.suspects.isEmpty { throw ExitCode(1) }
    }

    private func read(_ input: String, keepAllIDs: Bool) throws -> Snapshot {
        if input.hasPrefix("http://") || input.hasPrefix("https://") {
            let fetcher = HTTPFetcher(timeout: timeout, userAgent: "seep/\(Seep.version)")
            let response = try fetcher.get(PprofEndpoint.goroutines(input), maxBytes: PprofEndpoint.maxDumpBytes)
            var snapshot = try DumpReader.read(.bytes(response.body), name: response.url, similarity: similarity, keepAllIDs: keepAllIDs)
            if response.truncated {
                snapshot.warnings.append("the response was larger than \(PprofEndpoint.maxDumpBytes >> 20) MiB and was cut there")
            }
            return snapshot
        }
        if input == "-" {
            return try DumpReader.read(.fileDescriptor(STDIN_FILENO, read: []), name: "stdin", similarity: similarity, keepAllIDs: keepAllIDs)
        }
        let descriptor = try DumpReader.open(path: input)
        defer { close(descriptor) }
        return try DumpReader.read(.fileDescriptor(descriptor, read: []), name: input, similarity: similarity, keepAllIDs: keepAllIDs)
    }
}

/// The source line each suspect blocks on, and the lint findings on it, from `--source DIR`
/// (files are found by path, or by their path's tail under DIR when the dump was made on
/// another machine).
enum SourceLines {
    static func context(for report: GoroutineReport, under directory: String) -> SourceContext {
        var context = SourceContext()
        var linted: [String: [Finding]] = [:]
        for entry in report.suspects {
            guard let site = entry.group.site, let path = locate(site.file, under: directory),
                  let source = try? SourceFiles.read(path) else { continue }
            let key = sourceKey(site.file, site.line)
            guard site.line >= 1 && site.line <= source.lineStarts.count else { continue }
            context.lines[key] = source.lineText(containing: source.lineStarts[site.line - 1]).trimmingCharacters(in: .whitespaces)
            if linted[path] == nil {
                let tree = Parser.parse(source)
                linted[path] = tree.errors.isEmpty ? Linter().lint(tree) : []
            }
            context.findings[key] = linted[path]!.filter { $0.start.line == site.line }
                .map { SourceContext.Finding(code: $0.code, name: $0.name, message: $0.message) }
        }
        return context
    }

    /// A file a dump names, looked for inside `directory` only: by its own path when that lies
    /// inside, else by its path's tail below `directory`. A dump is untrusted input, so what it
    /// names is read only when it resolves (links followed) to a regular file inside the
    /// directory no larger than a source file may be: never `/etc/shadow`, a FIFO or a device.
    static func locate(_ file: String, under directory: String) -> String? {
        guard let root = resolved(directory) else { return nil }
        let parts = file.split(separator: "/")
        let tails = stride(from: parts.count, through: 1, by: -1).map { directory + "/" + parts.suffix($0).joined(separator: "/") }
        for candidate in [file] + tails {
            guard let path = resolved(candidate), path.hasPrefix(root == "/" ? "/" : root + "/") else { continue }
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= SourceFiles.defaultMaxBytes else { continue }
            return path
        }
        return nil
    }

    /// The path with every link and `..` resolved, or nil when it does not exist.
    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
