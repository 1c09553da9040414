import GoSyntax
import LeakRules

/// What `seep lint` found in one run: the findings, and the files that could not be read or parsed.
public struct LintReport: Sendable {
    public struct Problem: Sendable {
        public let path: String
        public let line: Int
        public let column: Int
        public let message: String

        public init(path: String, line: Int, column: Int, message: String) {
            self.path = path
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public let findings: [Finding]
    public let problems: [Problem]
    public let filesChecked: Int
    /// The rules that ran (for SARIF's rules table).
    public let rules: [RuleDescription]

    public init(findings: [Finding], problems: [Problem], filesChecked: Int, rules: [RuleDescription]) {
        self.findings = findings
        self.problems = problems
        self.filesChecked = filesChecked
        self.rules = rules
    }
}

/// The output formats of `seep lint`.
public enum LintFormat: String, CaseIterable, Sendable {
    /// `file:line:col: message (CODE name)`, as go vet prints.
    case text
    /// text plus the source line, a caret under the range, related locations and fixes.
    case full
    /// A stable JSON document (see docs/json.md).
    case json
    /// SARIF 2.1.0, for code-scanning services.
    case sarif
    /// GitHub Actions workflow commands (annotations on the pull request).
    case github

    public func render(_ report: LintReport, version: String) -> String {
        switch self {
        case .text: return TextFormat.render(report, full: false)
        case .full: return TextFormat.render(report, full: true)
        case .json: return JSONFormat.render(report, version: version)
        case .sarif: return SARIFFormat.render(report, version: version)
        case .github: return GitHubFormat.render(report)
        }
    }
}
