import GoSyntax

/// The suppression comments of a file:
/// - `//seep:ignore CODE[,CODE…] reason` silences those rules on its own line and the next;
/// - `//seep:file-ignore CODE[,CODE…] reason` silences them in the whole file;
/// - golangci-lint's `//nolint` and `//nolint:seep[,…]` silence every Seep rule on the line and the next.
/// Codes may be given by code (`L101`), by family prefix (`L1`), or by name (`defer-in-loop`).
struct Suppressions {
    struct Entry {
        let comment: Comment
        let line: Int
        let codes: [String]        // empty: every rule
        let wholeFile: Bool
        let hasReason: Bool
        let isNolint: Bool
        var used = false
    }

    private(set) var entries: [Entry] = []

    init(_ tree: SyntaxTree) {
        let bytes = tree.source.bytes
        for comment in tree.comments {
            // only `//seep:…` and `//nolint…` comments are read as text
            guard comment.end - comment.start >= 8, bytes[comment.start + 1] == UInt8(ascii: "/"),
                  bytes[comment.start + 2] == UInt8(ascii: "s") || bytes[comment.start + 2] == UInt8(ascii: "n") else { continue }
            let text = tree.source.text(comment.start..<comment.end)
            let body = text.dropFirst(2)
            let line = tree.source.position(of: comment.start).line
            if body.hasPrefix("seep:ignore") || body.hasPrefix("seep:file-ignore") {
                let wholeFile = body.hasPrefix("seep:file-ignore")
                let words = body.split(separator: " ", omittingEmptySubsequences: true)
                let codes = words.count > 1 ? words[1].split(separator: ",").map(String.init) : []
                let reason = words.dropFirst(2).joined(separator: " ")
                entries.append(Entry(comment: comment, line: line, codes: codes, wholeFile: wholeFile,
                                     hasReason: !reason.isEmpty, isNolint: false))
            } else if body.hasPrefix("nolint") {
                let rest = body.dropFirst("nolint".count)
                let linters = rest.hasPrefix(":") ? rest.dropFirst().prefix { !$0.isWhitespace && $0 != "/" } : ""
                let names = linters.split(separator: ",").map(String.init)
                guard rest.isEmpty || rest.first == " " || names.contains("seep") || names.contains("all") else { continue }
                entries.append(Entry(comment: comment, line: line, codes: [], wholeFile: false, hasReason: true, isNolint: true))
            }
        }
    }

    /// Whether a finding is silenced; marks the suppressions that were used.
    mutating func suppresses(_ finding: Finding, rule: RuleDescription) -> Bool {
        let line = finding.start.line
        var silenced = false
        for index in entries.indices {
            let entry = entries[index]
            guard entry.wholeFile || entry.line == line || entry.line + 1 == line else { continue }
            guard entry.codes.isEmpty ? entry.isNolint : entry.codes.contains(where: { Suppressions.matches($0, rule) }) else { continue }
            entries[index].used = true
            silenced = true
        }
        return silenced
    }

    static func matches(_ selector: String, _ rule: RuleDescription) -> Bool {
        selector == rule.name || rule.code.hasPrefix(selector) && !selector.isEmpty
    }
}

/// S100: a suppression comment that silences nothing.
public enum UnusedSuppression {
    public static let description = RuleDescription(
        code: "S100",
        name: "unused-suppression",
        summary: "a //seep:ignore comment that silences nothing",
        documentation: """
            ## What it does
            Reports `//seep:ignore` and `//seep:file-ignore` comments that silence no finding \
            of the rules they name (when those rules ran).

            ## Why is this bad?
            A suppression outlives the code it was written for; a stale one would silently hide \
            the next real leak on that line.

            ## Example
            ```go
            //seep:ignore L101 released together at return
            mu.Lock()
            ```

            Use instead: remove the comment.
            """,
        severity: .warning,
        triggering: [
            RuleExample("""
                package p

                func f() {
                \t↓//seep:ignore L101 nothing here loops
                \tdefer g()
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func f(xs []int) {
                \tfor range xs {
                \t\t//seep:ignore L102 the locks are released together at return
                \t\tdefer g()
                \t}
                }
                """),
        ]
    )
}

/// S101: a suppression comment without a reason.
public enum SuppressionReason {
    public static let description = RuleDescription(
        code: "S101",
        name: "suppression-without-reason",
        summary: "a //seep:ignore comment must say why",
        documentation: """
            ## What it does
            Reports `//seep:ignore CODE` and `//seep:file-ignore CODE` comments with no reason \
            after the codes (the suppression still applies).

            ## Why is this bad?
            The next reader cannot tell a deliberate exception from a silenced bug.

            ## Example
            ```go
            //seep:ignore L101
            defer mu.Unlock()
            ```

            Use instead:
            ```go
            //seep:ignore L101 all the locks are released together when the batch returns
            defer mu.Unlock()
            ```
            """,
        severity: .warning,
        triggering: [
            RuleExample("""
                package p

                func f(xs []int) {
                \tfor range xs {
                \t\t↓//seep:ignore L102
                \t\tdefer g()
                \t}
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func f(xs []int) {
                \tfor range xs {
                \t\tdefer g() //nolint:seep // released together at return
                \t}
                }
                """),
        ]
    )
}
