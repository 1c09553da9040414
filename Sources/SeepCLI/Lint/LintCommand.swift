import ArgumentParser
import Foundation
import GoSyntax
import LeakRules
import Reports
import Watch

extension LintFormat: ExpressibleByArgument {}

/// `seep lint`: the source lens.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Report Go code that will leak memory or goroutines, with fixes.",
        discussion: """
            Patterns are read as the go tool reads them: './...' is this directory and all below \
            it, 'DIR/...' likewise, 'DIR' is one directory, 'FILE.go' one file. Walks skip \
            vendor/, testdata/, names starting with '.' or '_', generated files, and _test.go \
            files unless --tests: a leak is memory or goroutines that grow for the life of a \
            process, and a test's process ends with its run (a goroutine stranded after a test \
            failed is not a leak). A file named on its own is always linted.

            Settings come from the nearest .seep.yml at or above the first pattern (see \
            README.md), then from the options here. Silence one finding with \
            '//seep:ignore CODE reason' on its line or the line above.

            Exit status: 0 no findings, 1 findings, 2 unreadable or unparsable files, a bad \
            configuration, or a usage error.
            """
    )

    @Argument(help: "Packages, directories or files to lint.")
    var patterns: [String] = ["./..."]

    @Option(help: "Output format: text, full (with source lines), json, sarif or github.")
    var format: LintFormat = .text

    @Flag(help: "Apply safe fixes to the files.")
    var fix = false

    @Flag(help: "With --fix or --diff: apply unsafe fixes too (they can change behaviour).")
    var unsafeFixes = false

    @Flag(help: "Show the fixes as a unified diff instead of writing them.")
    var diff = false

    @Option(help: ArgumentHelp("Rules to run: codes, code prefixes or names, comma-separated (ALL for every rule).", valueName: "codes"))
    var select: String?

    @Option(help: ArgumentHelp("Rules not to run, comma-separated.", valueName: "codes"))
    var ignore: String?

    @Option(help: "A configuration file to use instead of the nearest .seep.yml.")
    var config: String?

    @Flag(help: "Do not read any .seep.yml.")
    var noConfig = false

    @Flag(help: "Lint _test.go files too; findings in them are counted apart.")
    var tests = false

    @Flag(help: "Lint generated files (// Code generated … DO NOT EDIT.) too.")
    var includeGenerated = false

    @Option(help: ArgumentHelp("Skip (with a warning) Go files larger than this (default 10MiB; generated data is usually the reason).", valueName: "size"))
    var maxFileSize: String?

    @Option(name: .shortAndLong, help: "Files linted in parallel (default: one per core).")
    var jobs: Int?

    @Flag(help: "Print files, bytes, seconds and MB/s to standard error (for benchmarks).")
    var stats = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if unsafeFixes && !fix && !diff { throw ValidationError("--unsafe-fixes goes with --fix or --diff") }
        if fix && diff { throw ValidationError("choose --fix (write) or --diff (show), not both") }
        if config != nil && noConfig { throw ValidationError("--config and --no-config cannot be used together") }
        if let maxFileSize, Lint.bytes(maxFileSize) == nil {
            throw ValidationError("--max-file-size: '\(maxFileSize)' is not a size (like 10MiB, 512KiB)")
        }
    }

    func run() throws {
        let settings: LintConfiguration
        do {
            settings = try loadConfiguration()
        } catch let error as LintConfiguration.Invalid {
            throw CommandFailure("invalid configuration: \(error)")
        }
        let selection = RuleSelection(select: Lint.split(select) ?? settings.select,
                                      ignore: settings.ignore + (Lint.split(ignore) ?? []))
        let unknown = selection.unknownSelectors(among: Registry.descriptions)
        guard unknown.isEmpty else {
            throw CommandFailure("no rule matches \(unknown.joined(separator: ", ")) (see `seep rules`)")
        }
        let files: [String]
        var unreadable: [String] = []
        do {
            files = try LintTargets.files(for: patterns, tests: tests || settings.tests, unreadable: &unreadable).filter { !settings.excludes($0) }
        } catch {
            throw CommandFailure("\(error)")
        }
        let run = LintRun(selection: selection, severities: settings.severities, goVersion: settings.goVersion,
                          includeGenerated: includeGenerated || settings.includeGenerated,
                          maxFileBytes: maxFileSize.flatMap(Lint.bytes) ?? settings.maxFileBytes ?? SourceFiles.defaultMaxBytes)
        let started = DebugParse.now()
        var outcome = run.lint(files, threads: jobs ?? WorkerPool.defaultThreads)
        outcome.warnings = unreadable + outcome.warnings
        if stats {
            let seconds = DebugParse.now() - started
            let rate = Double(outcome.bytesChecked) / seconds / 1e6
            printError("files \(outcome.filesChecked) bytes \(outcome.bytesChecked) findings \(outcome.findings.count) seconds \(String(format: "%.4f", seconds)) MB/s \(String(format: "%.1f", rate))")
        }

        for warning in outcome.warnings { printError("seep: warning: \(warning)") }
        let inTests = outcome.findings.filter { LintTargets.isTest($0.file.path) }.count
        if inTests > 0 {
            printError("seep: \(inTests) of \(outcome.findings.count) finding\(outcome.findings.count == 1 ? "" : "s") in test files")
        }
        if fix || diff {
            outcome = try applyFixes(outcome, run: run)
        }
        let report = LintReport(findings: outcome.findings, problems: outcome.problems, filesChecked: outcome.filesChecked,
                                rules: Registry.descriptions.filter { selection.isEnabled($0) })
        if !(diff && format == .text) {
            print(format.render(report, version: Seep.version), terminator: "")
        }
        if !outcome.problems.isEmpty { throw ExitCode(2) }
        if !outcome.findings.isEmpty { throw ExitCode(1) }
    }

    private func loadConfiguration() throws -> LintConfiguration {
        if noConfig { return LintConfiguration() }
        if let config { return try LintConfiguration.load(config) }
        let first = patterns.first.map { $0.hasSuffix("...") ? String($0.dropLast(3)) : $0 } ?? "."
        var directory = first.isEmpty ? "." : first
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            directory = URL(fileURLWithPath: directory).deletingLastPathComponent().path
        }
        guard let path = LintConfiguration.find(from: directory) else { return LintConfiguration() }
        return try LintConfiguration.load(path)
    }

    /// Writes (or, with --diff, prints) each file's fixes, then lints the result again so the
    /// report shows what is left.
    private func applyFixes(_ outcome: LintRun.Outcome, run: LintRun) throws -> LintRun.Outcome {
        var problems = outcome.problems
        var remaining: [Finding] = []
        let byFile = Dictionary(grouping: outcome.findings, by: { $0.file.path })
        var fixedCount = 0
        var filesWritten = 0
        for path in byFile.keys.sorted() {
            let findings = byFile[path]!
            let source = findings[0].file
            let result = FixApplier.apply(findings, to: source, unsafe: unsafeFixes)
            if let error = result.rejected {
                let position = source.position(of: error.offset)
                problems.append(LintReport.Problem(path: path, line: position.line, column: position.column,
                                                   message: "fixes not applied: the result would not parse (\(error.message))"))
                remaining += findings
                continue
            }
            guard let text = result.text else {
                remaining += findings
                continue
            }
            if diff {
                print(try UnifiedDiff.render(path: path, old: source.bytes, new: text), terminator: "")
                remaining += findings
            } else {
                do {
                    try AtomicFile.replace(path, expecting: source.bytes, with: text)
                } catch {
                    problems.append(LintReport.Problem(path: path, line: 1, column: 1, message: "fixes not written: \(error)"))
                    remaining += findings
                    continue
                }
                fixedCount += result.applied
                filesWritten += 1
                remaining += run.lint(SourceFile(path: path, bytes: text))
            }
        }
        if fix {
            // what was written, not what was meant to be
            let files = filesWritten == 1 ? "1 file" : "\(filesWritten) files"
            printError("seep: applied \(fixedCount) fix\(fixedCount == 1 ? "" : "es") in \(files)")
        }
        return LintRun.Outcome(findings: remaining.sorted(by: LintRun.order), problems: problems,
                               filesChecked: outcome.filesChecked, bytesChecked: outcome.bytesChecked, warnings: outcome.warnings)
    }

    /// A size as `--max-file-size` and `max-file-size:` take it: `10MiB`, `512KiB`, bytes.
    static func bytes(_ text: String) -> Int? {
        ByteSize.bytes(text).flatMap { $0 >= 1 && $0 <= Double(Int32.max) ? Int($0) : nil }
    }

    static func split(_ list: String?) -> [String]? {
        list.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}

/// An error the user can act on: printed as `seep: MESSAGE`, exit status 2.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
