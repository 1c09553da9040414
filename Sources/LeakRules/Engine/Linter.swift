import GoSyntax

/// Every rule Seep has, in code order.
public enum Registry {
    public static let rules: [Rule] = [DeferInLoop.rule, DeferInBoundedLoop.rule, FanOutSend.rule, TimeoutLeak.rule, EarlyReturn.rule, NCast.rule, RangeNeverClosed.rule, NeverSignalled.rule, DoubleSend.rule, SelectLoopNoExit.rule]
    /// Rules whose findings the engine itself makes (about suppression comments).
    public static let engineRules: [RuleDescription] = [UnusedSuppression.description, SuppressionReason.description]

    public static var descriptions: [RuleDescription] {
        (rules.map(\.description) + engineRules).sorted { $0.code < $1.code }
    }

    public static func description(for selector: String) -> RuleDescription? {
        descriptions.first { $0.code == selector || $0.name == selector }
    }
}

/// Runs the selected rules over one file and applies its suppression comments.
public struct Linter: Sendable {
    public let selection: RuleSelection
    public let severities: [String: Severity]
    public let goVersion: GoVersion?
    private let rules: [Rule]

    public init(selection: RuleSelection = RuleSelection(), severities: [String: Severity] = [:],
                goVersion: GoVersion? = nil, rules: [Rule] = Registry.rules) {
        self.selection = selection
        self.severities = severities
        self.goVersion = goVersion
        self.rules = rules.filter { selection.isEnabled($0.description) }
    }

    /// The findings for one parsed file, sorted by position.
    public func lint(_ tree: SyntaxTree) -> [Finding] {
        lint(tree, goVersion: goVersion)
    }

    /// As above, for a file of a module with its own Go version (one linter serves a run).
    public func lint(_ tree: SyntaxTree, goVersion: GoVersion?) -> [Finding] {
        let context = FileContext(tree: tree, goVersion: goVersion)
        var suppressions = Suppressions(tree)
        var findings: [Finding] = []
        for index in rules.indices {
            let pass = Pass(file: context, rule: rules[index].description)
            rules[index].check(pass)
            for finding in pass.findings where !suppressions.suppresses(finding, rule: rules[index].description) {
                findings.append(finding)
            }
        }
        if !suppressions.entries.isEmpty { findings += suppressionFindings(suppressions, tree: tree) }
        for index in findings.indices {
            if let severity = severities[findings[index].code] ?? severities[findings[index].name] {
                findings[index].severity = severity
            }
        }
        return findings.sorted { ($0.range.lowerBound, $0.code) < ($1.range.lowerBound, $1.code) }
    }

    private func suppressionFindings(_ suppressions: Suppressions, tree: SyntaxTree) -> [Finding] {
        var findings: [Finding] = []
        let ran = rules.map(\.description)
        for entry in suppressions.entries where !entry.isNolint {
            let range = entry.comment.start..<entry.comment.end
            let unused = UnusedSuppression.description
            let names = entry.codes.joined(separator: ",")
            let namesRules = entry.codes.contains { code in ran.contains { Suppressions.matches(code, $0) } }
            if !entry.used && namesRules && selection.isEnabled(unused) {
                findings.append(Finding(code: unused.code, name: unused.name, severity: unused.severity, file: tree.source,
                                        range: range, message: "suppression of \(names) silences nothing here; remove it",
                                        fixes: [Fix(message: "remove the suppression comment", edits: [TextEdit(range: range, replacement: "")], applicability: .unsafe)]))
            }
            let reason = SuppressionReason.description
            if !entry.hasReason && selection.isEnabled(reason) {
                let what = entry.codes.isEmpty ? "a suppression" : "the suppression of \(names)"
                findings.append(Finding(code: reason.code, name: reason.name, severity: reason.severity, file: tree.source,
                                        range: range, message: "\(what) needs a reason after the codes"))
            }
        }
        return findings
    }
}
