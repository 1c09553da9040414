import Foundation
import GoSyntax
import XCTest
@testable import LeakRules

/// Go fixtures in analysistest's convention: a comment whose text starts with `want` holds one
/// or more Go-quoted or back-quoted regular expressions, each matched against the messages
/// reported on that line. Every finding must be expected and every expectation met.
final class WantFixtureTests: XCTestCase {
    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("testdata/src")

    func testDefers() throws { try check("defers") }
    func testSuppressions() throws { try check("suppressions") }
    func testChannels() throws { try check("channels") }

    private func check(_ package: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let directory = WantFixtureTests.testdata.appendingPathComponent(package)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".go") }.sorted()
        XCTAssertFalse(names.isEmpty, "no fixtures in \(directory.path)", file: file, line: line)
        var expectationCount = 0
        for name in names {
            let path = directory.appendingPathComponent(name).path
            let source = SourceFile(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            let tree = Parser.parse(source)
            XCTAssertEqual(tree.errors, [], "\(name) does not parse", file: file, line: line)
            var expectations = WantFixtureTests.expectations(in: tree)
            expectationCount += expectations.values.reduce(0) { $0 + $1.count }
            for finding in Linter(selection: RuleSelection(select: ["ALL"])).lint(tree) {
                let findingLine = finding.start.line
                let text = "\(finding.message) (\(finding.code) \(finding.name))"
                if let index = expectations[findingLine]?.firstIndex(where: { $0.matches(text) }) {
                    expectations[findingLine]!.remove(at: index)
                } else {
                    XCTFail("\(name):\(findingLine): unexpected finding: \(text)", file: file, line: line)
                }
            }
            for (wantLine, unmet) in expectations where !unmet.isEmpty {
                for expectation in unmet {
                    XCTFail("\(name):\(wantLine): no finding matched `\(expectation.pattern)`", file: file, line: line)
                }
            }
        }
        XCTAssertGreaterThan(expectationCount, 0, "the fixtures expect nothing", file: file, line: line)
    }

    struct Expectation {
        let pattern: String
        let regex: NSRegularExpression

        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    /// Line → the regexps of the `want` comments on it.
    static func expectations(in tree: SyntaxTree) -> [Int: [Expectation]] {
        var result: [Int: [Expectation]] = [:]
        for comment in tree.comments {
            var text = tree.source.text(comment.start..<comment.end)
            text = text.hasPrefix("/*") ? String(text.dropFirst(2).dropLast(2)) : String(text.dropFirst(2))
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("want ") else { continue }
            let line = tree.source.position(of: comment.start).line
            for pattern in quotedStrings(trimmed.dropFirst(5)) {
                guard let regex = try? NSRegularExpression(pattern: pattern) else {
                    XCTFail("line \(line): bad regexp \(pattern)")
                    continue
                }
                result[line, default: []].append(Expectation(pattern: pattern, regex: regex))
            }
        }
        return result
    }

    /// The Go string literals in `text`: "…" with backslash escapes, or `…`.
    static func quotedStrings(_ text: Substring) -> [String] {
        var strings: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let quote = text[index]
            guard quote == "\"" || quote == "`" else {
                index = text.index(after: index)
                continue
            }
            var value = ""
            var cursor = text.index(after: index)
            while cursor < text.endIndex && text[cursor] != quote {
                if quote == "\"" && text[cursor] == "\\" {
                    cursor = text.index(after: cursor)
                    guard cursor < text.endIndex else { break }
                    switch text[cursor] {
                    case "n": value.append("\n")
                    case "t": value.append("\t")
                    default: value.append(text[cursor])
                    }
                } else {
                    value.append(text[cursor])
                }
                cursor = text.index(after: cursor)
            }
            strings.append(value)
            index = cursor < text.endIndex ? text.index(after: cursor) : cursor
        }
        return strings
    }
}
