import GoSyntax
import XCTest
@testable import LeakRules

/// Every rule's documented examples are its tests, and each is re-run in derived variants:
/// wrapped in a comment or a string (no finding), behind a line of multi-byte text (same
/// columns, one line down), and behind a suppression comment (silenced).
final class RuleExampleTests: XCTestCase {
    private let marker = "↓"

    /// The example without its markers, and the byte offsets the markers stood at.
    private func unmark(_ code: String) -> (String, [Int]) {
        var text = ""
        var offsets: [Int] = []
        for character in code {
            if String(character) == marker { offsets.append(text.utf8.count) } else { text.append(character) }
        }
        return (text, offsets)
    }

    private func lint(_ text: String, for rule: RuleDescription) -> [Finding] {
        let isEngineRule = Registry.engineRules.contains { $0.code == rule.code }
        let selection = RuleSelection(select: isEngineRule ? ["ALL"] : [rule.code])
        let tree = Parser.parse(SourceFile(path: "example.go", text: text))
        XCTAssertEqual(tree.errors, [], "example does not parse: \(text)")
        return Linter(selection: selection).lint(tree).filter { $0.code == rule.code }
    }

    func testEveryRuleHasDocumentationAndExamples() {
        for rule in Registry.descriptions {
            for section in ["## What it does", "## Why is this bad?", "## Example", "Use instead"] {
                XCTAssertTrue(rule.documentation.contains(section), "\(rule.code) documentation lacks \(section)")
            }
            if !rule.fixes.isEmpty {
                XCTAssertTrue(rule.documentation.contains("## Fix safety"), "\(rule.code) has fixes but no Fix safety section")
            }
            XCTAssertFalse(rule.triggering.isEmpty, "\(rule.code) has no triggering example")
            XCTAssertFalse(rule.nonTriggering.isEmpty, "\(rule.code) has no non-triggering example")
            XCTAssertEqual(rule.name, rule.name.lowercased(), "\(rule.code) name is not kebab-case")
            XCTAssertFalse(rule.summary.hasSuffix("."), "\(rule.code) summary ends with a period")
        }
        let codes = Registry.descriptions.map(\.code)
        XCTAssertEqual(Set(codes).count, codes.count, "rule codes are not unique")
    }

    func testTriggeringExamplesReportAtTheirMarkers() {
        for rule in Registry.descriptions {
            for example in rule.triggering + rule.fixes {
                let (text, expected) = unmark(example.code)
                let found = lint(text, for: rule).map(\.range.lowerBound)
                XCTAssertEqual(found, expected, "\(rule.code): findings at \(found), markers at \(expected)", file: example.file, line: example.line)
            }
        }
    }

    func testNonTriggeringExamplesReportNothing() {
        for rule in Registry.descriptions {
            for example in rule.nonTriggering {
                let findings = lint(unmark(example.code).0, for: rule)
                XCTAssertEqual(findings.map(\.message), [], "\(rule.code)", file: example.file, line: example.line)
            }
        }
    }

    func testExamplesInsideACommentOrAStringReportNothing() {
        for rule in Registry.descriptions where !Registry.engineRules.contains(where: { $0.code == rule.code }) {
            for example in rule.triggering + rule.nonTriggering {
                let (text, _) = unmark(example.code)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let header = String(lines[0])
                let rest = lines.dropFirst().joined(separator: "\n")
                if !rest.contains("*/") {
                    XCTAssertEqual(lint(header + "\n/*\n" + rest + "\n*/\n", for: rule).count, 0, "\(rule.code) in a comment",
                                   file: example.file, line: example.line)
                }
                if !rest.contains("`") {
                    XCTAssertEqual(lint(header + "\nvar _ = `\n" + rest + "\n`\n", for: rule).count, 0, "\(rule.code) in a string",
                                   file: example.file, line: example.line)
                }
            }
        }
    }

    func testFindingsKeepTheirColumnsBehindMultiByteText() {
        for rule in Registry.descriptions {
            for example in rule.triggering {
                let (text, _) = unmark(example.code)
                let before = lint(text, for: rule).map { ($0.start.line, $0.start.column) }
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let shifted = ([lines[0], "// Ünïcödé 日本語 ✓ — ü"] + lines.dropFirst()).joined(separator: "\n")
                let after = lint(shifted, for: rule).map { ($0.start.line - 1, $0.start.column) }
                XCTAssertEqual(after.map { "\($0.0):\($0.1)" }, before.map { "\($0.0):\($0.1)" }, "\(rule.code)",
                               file: example.file, line: example.line)
            }
        }
    }

    func testFindingsAreSilencedBySuppressionComments() {
        for rule in Registry.rules.map(\.description) {
            for example in rule.triggering {
                let (text, offsets) = unmark(example.code)
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let source = SourceFile(path: "example.go", text: text)
                for line in Set(offsets.map { source.position(of: $0).line }).sorted(by: >) {
                    let indent = lines[line - 1].prefix { $0 == "\t" || $0 == " " }
                    lines.insert(indent + "//seep:ignore \(rule.code) checked by the suppression variant", at: line - 1)
                }
                let suppressed = lines.joined(separator: "\n")
                let tree = Parser.parse(SourceFile(path: "example.go", text: suppressed))
                let findings = Linter(selection: RuleSelection(select: [rule.code, "S"])).lint(tree)
                XCTAssertEqual(findings.map { "\($0.code): \($0.message)" }, [], "\(rule.code) behind //seep:ignore",
                               file: example.file, line: example.line)
                let nolint = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
                    Set(offsets.map { source.position(of: $0).line }).contains(index + 1) ? line + " //nolint:seep // test" : String(line)
                }.joined(separator: "\n")
                XCTAssertEqual(lint(nolint, for: rule).count, 0, "\(rule.code) behind //nolint:seep", file: example.file, line: example.line)
            }
        }
    }

    func testFixExamplesGiveTheirFixedCodeAndNothingIsLeftToFix() {
        for rule in Registry.descriptions {
            for example in rule.fixes {
                guard let expected = example.fixed else { continue }
                let (text, _) = unmark(example.code)
                let source = SourceFile(path: "example.go", text: text)
                let findings = lint(text, for: rule)
                let result = FixApplier.apply(findings, to: source, unsafe: true)
                XCTAssertNil(result.rejected, "\(rule.code) fix does not parse", file: example.file, line: example.line)
                let fixed = result.text.map { String(decoding: $0, as: UTF8.self) }
                XCTAssertEqual(fixed, expected, "\(rule.code) fix", file: example.file, line: example.line)
                if let fixed {
                    XCTAssertEqual(lint(fixed, for: rule).count, 0, "\(rule.code): a second run still finds something",
                                   file: example.file, line: example.line)
                }
            }
        }
    }
}
