import GoSyntax
import LeakRules
import Reports

/// Reads, parses and lints files in parallel; the result does not depend on scheduling.
struct LintRun: Sendable {
    /// The configured Go version; without one, each file's module says.
    let goVersion: GoVersion?
    let includeGenerated: Bool
    /// Larger files are skipped with a warning.
    let maxFileBytes: Int
    /// One for the whole run: each file passes its own Go version.
    private let linter: Linter

    init(selection: RuleSelection, severities: [String: Severity], goVersion: GoVersion?, includeGenerated: Bool,
         maxFileBytes: Int = SourceFiles.defaultMaxBytes) {
        self.goVersion = goVersion
        self.includeGenerated = includeGenerated
        self.maxFileBytes = maxFileBytes
        linter = Linter(selection: selection, severities: severities, goVersion: goVersion)
    }

    struct Outcome {
        var findings: [Finding]
        var problems: [LintReport.Problem]
        var filesChecked: Int
        var bytesChecked = 0
        /// Files not read by policy (not regular files, too large), with the reason.
        var warnings: [String] = []
    }

    private enum FileResult {
        case findings([Finding], bytes: Int)
        case problem(LintReport.Problem)
        case skipped
        case warning(String)
    }

    static func order(_ a: Finding, _ b: Finding) -> Bool {
        (a.file.path, a.range.lowerBound, a.code) < (b.file.path, b.range.lowerBound, b.code)
    }

    func lint(_ files: [String], threads: Int) -> Outcome {
        let modules = GoModules()
        let versions = files.map { goVersion ?? modules.version(for: $0) }
        let results = WorkerPool.map(count: files.count, threads: threads) { index -> FileResult in
            let path = files[index]
            let source: SourceFile
            do {
                source = try SourceFiles.read(path, maxBytes: maxFileBytes)
            } catch let error as SourceFiles.ReadError where error.skipped {
                return .warning(error.description)
            } catch {
                return .problem(LintReport.Problem(path: path, line: 1, column: 1, message: "cannot read: \(error)"))
            }
            if !includeGenerated && LintTargets.isGenerated(source.bytes) { return .skipped }
            return lintOne(source, goVersion: versions[index])
        }
        var outcome = Outcome(findings: [], problems: [], filesChecked: 0)
        for result in results {
            switch result {
            case .findings(let findings, let bytes):
                outcome.findings += findings
                outcome.filesChecked += 1
                outcome.bytesChecked += bytes
            case .problem(let problem):
                outcome.problems.append(problem)
            case .skipped:
                break
            case .warning(let warning):
                outcome.warnings.append(warning)
            }
        }
        outcome.findings.sort(by: LintRun.order)
        return outcome
    }

    /// Lints text already in memory (after fixes).
    func lint(_ source: SourceFile) -> [Finding] {
        if case .findings(let findings, _) = lintOne(source, goVersion: goVersion) { return findings }
        return []
    }

    private func lintOne(_ source: SourceFile, goVersion: GoVersion?) -> FileResult {
        let tree = Parser.parse(source)
        if let error = tree.errors.first {
            let position = source.position(of: error.offset)
            return .problem(LintReport.Problem(path: source.path, line: position.line, column: position.column,
                                               message: "syntax error: \(error.message)"))
        }
        return .findings(linter.lint(tree, goVersion: goVersion), bytes: source.bytes.count)
    }
}
