import Foundation
import GoSyntax
import LeakRules

/// `seep lint --format json`: a stable contract, documented in docs/json.md. Keys are sorted;
/// fields are only ever added, never renamed or removed.
enum JSONFormat {
    struct Document: Encodable {
        let version: String
        let files_checked: Int
        /// Findings in `_test.go` files (linted with `--tests`).
        let test_findings: Int
        let findings: [FindingJSON]
        let errors: [ProblemJSON]
    }

    struct FindingJSON: Encodable {
        let code: String
        let name: String
        let severity: String
        let file: String
        let line: Int
        let column: Int
        let end_line: Int
        let end_column: Int
        let offset: Int
        let end_offset: Int
        let message: String
        let in_test: Bool
        let related: [RelatedJSON]
        let fixes: [FixJSON]
    }

    struct RelatedJSON: Encodable {
        let line: Int
        let column: Int
        let message: String
    }

    struct FixJSON: Encodable {
        let message: String
        let applicability: String
        let edits: [EditJSON]
    }

    struct EditJSON: Encodable {
        let offset: Int
        let end_offset: Int
        let line: Int
        let column: Int
        let end_line: Int
        let end_column: Int
        let replacement: String
    }

    struct ProblemJSON: Encodable {
        let file: String
        let line: Int
        let column: Int
        let message: String
    }

    static func render(_ report: LintReport, version: String) -> String {
        let document = Document(
            version: version,
            files_checked: report.filesChecked,
            test_findings: report.findings.filter { $0.file.path.hasSuffix("_test.go") }.count,
            findings: report.findings.map(finding),
            errors: report.problems.map { ProblemJSON(file: $0.path, line: $0.line, column: $0.column, message: $0.message) }
        )
        return encode(document)
    }

    static func finding(_ finding: Finding) -> FindingJSON {
        let file = finding.file
        return FindingJSON(
            code: finding.code, name: finding.name, severity: finding.severity.rawValue, file: file.path,
            line: finding.start.line, column: finding.start.column, end_line: finding.end.line, end_column: finding.end.column,
            offset: finding.range.lowerBound, end_offset: finding.range.upperBound, message: finding.message,
            in_test: finding.file.path.hasSuffix("_test.go"),
            related: finding.related.map {
                let position = file.position(of: $0.range.lowerBound)
                return RelatedJSON(line: position.line, column: position.column, message: $0.message)
            },
            fixes: finding.fixes.map { fix in
                FixJSON(message: fix.message, applicability: fix.applicability.rawValue, edits: fix.edits.map { edit in
                    let start = file.position(of: edit.range.lowerBound)
                    let end = file.position(of: edit.range.upperBound)
                    return EditJSON(offset: edit.range.lowerBound, end_offset: edit.range.upperBound, line: start.line,
                                    column: start.column, end_line: end.line, end_column: end.column, replacement: edit.replacement)
                })
            }
        )
    }

    static func encode<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
