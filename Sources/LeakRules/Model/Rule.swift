import GoSyntax

/// A rule's code fragment used as documentation and as a test: `↓` marks where a finding
/// must start (triggering examples); the marks are removed before the code is linted.
public struct RuleExample: Sendable {
    public let code: String
    /// For fix examples: the code after `--fix` (or `--unsafe-fixes` for unsafe fixes).
    public let fixed: String?
    public let file: StaticString
    public let line: UInt

    public init(_ code: String, fixed: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        self.code = code
        self.fixed = fixed
        self.file = file
        self.line = line
    }
}

/// Everything a rule says about itself: the basis of `seep rules`, `seep explain`, SARIF's
/// rules table and the rule's own tests.
public struct RuleDescription: Sendable {
    /// Stable and never reused; the letters name the family (`L1` defers, `L2` channels, `S` suppressions).
    public let code: String
    /// kebab-case, unique.
    public let name: String
    public let summary: String
    /// Markdown with the sections `## What it does`, `## Why is this bad?`, `## Example`,
    /// `Use instead:`, and `## Fix safety` when the rule has a fix.
    public let documentation: String
    public let severity: Severity
    /// Off unless selected (`--select` or the config file).
    public let optIn: Bool
    public let triggering: [RuleExample]
    public let nonTriggering: [RuleExample]
    public let fixes: [RuleExample]

    public init(code: String, name: String, summary: String, documentation: String, severity: Severity = .warning,
                optIn: Bool = false, triggering: [RuleExample], nonTriggering: [RuleExample], fixes: [RuleExample] = []) {
        self.code = code
        self.name = name
        self.summary = summary
        self.documentation = documentation
        self.severity = severity
        self.optIn = optIn
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.fixes = fixes
    }
}

/// A rule is a plain value: its description and the check it runs on one file.
public struct Rule: Sendable {
    public let description: RuleDescription
    public let check: @Sendable (Pass) -> Void

    public init(_ description: RuleDescription, check: @escaping @Sendable (Pass) -> Void) {
        self.description = description
        self.check = check
    }
}

/// What a rule sees of one file, and where it reports.
public final class Pass {
    public let file: FileContext
    // what a finding needs of the rule, not the whole description (a pass is made per file)
    private let code: String
    private let name: String
    private let severity: Severity
    private(set) var findings: [Finding] = []

    init(file: FileContext, rule: RuleDescription) {
        self.file = file
        code = rule.code
        name = rule.name
        severity = rule.severity
    }

    public var tree: SyntaxTree { file.tree }
    public var source: SourceFile { file.tree.source }

    public func report(_ range: Range<Int>, _ message: String, severity: Severity? = nil,
                       related: [RelatedLocation] = [], fixes: [Fix] = []) {
        findings.append(Finding(code: code, name: name, severity: severity ?? self.severity,
                                file: source, range: range, message: message, related: related, fixes: fixes))
    }
}
