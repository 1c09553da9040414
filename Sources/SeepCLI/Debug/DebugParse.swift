import ArgumentParser
import GoSyntax

#if canImport(Glibc)
import Glibc
#endif

/// `seep debug parse`: parses files and reports syntax errors, optionally with throughput.
struct DebugParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse Go files and report syntax errors.",
        discussion: "Exit status 0 when every file parses cleanly, 1 when any has errors, 2 when a path cannot be read."
    )

    @Argument(help: "Go files or directories (walked for .go files).")
    var paths: [String]

    @Flag(help: "Print files, bytes, seconds and MB/s after parsing.")
    var stats = false

    @Option(name: .shortAndLong, help: "Parallel parsers (default: one per core).")
    var jobs: Int?

    @Option(help: "Parse the set this many times and report the best round (for benchmarks).")
    var rounds = 1

    @Flag(help: "Only scan into tokens, without parsing (for benchmarks).")
    var scanOnly = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if rounds < 1 { throw ValidationError("--rounds must be at least 1") }
    }

    func run() throws {
        let files = try SourceFiles.collect(paths)
        let sources = try files.map { try SourceFiles.read($0) }
        let threads = jobs ?? WorkerPool.defaultThreads
        var best = Double.infinity
        var reports: [String] = []
        for _ in 0..<rounds {
            let start = DebugParse.now()
            reports = WorkerPool.map(count: sources.count, threads: threads) { index in
                let source = sources[index]
                if scanOnly {
                    let errors = Parser.scan(source)
                    return errors.map { "\(source.path):\(source.position(of: $0.offset)): \($0.message)" }.joined(separator: "\n")
                }
                let tree = Parser.parse(source)
                return tree.errors.map { "\(source.path):\(source.position(of: $0.offset)): \($0.message)" }
                    .joined(separator: "\n")
            }
            best = min(best, DebugParse.now() - start)
        }
        let failures = reports.filter { !$0.isEmpty }
        for report in failures { print(report) }
        if stats {
            let bytes = sources.reduce(0) { $0 + $1.bytes.count }
            let rate = Double(bytes) / best / 1e6
            print("files \(files.count) bytes \(bytes) errors \(failures.count) seconds \(String(format: "%.4f", best)) MB/s \(String(format: "%.1f", rate))")
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
