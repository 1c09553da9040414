import Foundation
@testable import SeepCLI
import XCTest

/// A `.seep.yml` can come with the code it configures (an untrusted pull request): it is
/// read within limits, and its `exclude` patterns match in time proportional to their size.
final class ConfigurationLimitsTests: XCTestCase {
    private func lint(withConfiguration text: String) throws -> SeepProcess.Result {
        let tree = try workspace(["sub/a.go": LintCommandTests.leaky, ".seep.yml": text])
        // found by walking up from the linted directory, as in CI
        return try SeepProcess.run(["lint", "sub/..."], in: tree, timeout: 60)
    }

    func testDeepNestingIsRefusedNotACrash() throws {
        for text in ["select: " + String(repeating: "[", count: 50_000), "exclude: " + String(repeating: "{a: ", count: 20_000),
                     "select:\n" + (0..<3000).map { String(repeating: " ", count: $0) + "-\n" }.joined()] {
            let result = try lint(withConfiguration: text)
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains(".seep.yml: "), result.stderr)
        }
        let nested = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let result = try lint(withConfiguration: "select: " + nested)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("nested more than 64 levels deep"), result.stderr)
    }

    func testAliasesThatExpandToBillionsAreRefused() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]")
        }
        lines.append("select: *a9")
        let result = try lint(withConfiguration: lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("more than 100000 values once its aliases are expanded"), result.stderr)
        // a few aliases are fine
        let fine = try lint(withConfiguration: "common: &rules [L101]\nselect: *rules\n")
        XCTAssertTrue(fine.stderr.contains("unknown setting 'common'"), fine.stderr)
    }

    func testAConfigurationThatIsNoRegularFileIsAnError() throws {
        let tree = try workspace(["a.go": LintCommandTests.leaky])
        XCTAssertEqual(mkfifo(tree.appendingPathComponent(".seep.yml").path, 0o600), 0)
        let result = try SeepProcess.run(["lint", "."], in: tree, timeout: 60)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is a FIFO"), result.stderr)
    }

    func testGlobMatchesAsBacktrackingDoesOnEveryShortPatternAndPath() {
        let alphabet: [Character] = ["a", "/", "*", "?"]
        var generator = SplitMix(seed: 7)
        for _ in 0..<20_000 {
            let pattern = String((0..<generator.next(below: 7)).map { _ in alphabet[generator.next(below: 4)] })
            let path = String((0..<generator.next(below: 7)).map { _ in ["a", "b", "/"][generator.next(below: 3)] as Character })
            XCTAssertEqual(Glob.matches(pattern, path), BacktrackingGlob.matches(pattern, path), "\(pattern) \(path)")
        }
        XCTAssertTrue(Glob.matches("gen/**", "gen/x/y.go"))
        XCTAssertTrue(Glob.matches("**/*_test.go", "a_test.go"))
        XCTAssertTrue(Glob.matches("x/**/y", "x/y"))
        XCTAssertFalse(Glob.matches("**/b", "ab"))
        XCTAssertFalse(Glob.matches("*.go", "x/a.go"))
    }

    func testManyStarsOnADeepPathDoNotBacktrack() {
        // exponential for a backtracking matcher; a table of 61 by 801 entries here
        let pattern = String(repeating: "**/x*", count: 12) + "y"
        let path = String(repeating: "x/", count: 400)
        XCTAssertFalse(Glob.matches(pattern, path))
    }
}

/// The matcher `Glob` replaced, kept as the oracle: right, and exponential on hostile patterns.
private enum BacktrackingGlob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.utf8)[...], Array(path.utf8)[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        let star = UInt8(ascii: "*")
        if first == star {
            let doubled = pattern.dropFirst().first == star
            var rest = pattern.dropFirst(doubled ? 2 : 1)
            if doubled, rest.first == UInt8(ascii: "/") {
                if match(rest.dropFirst(), text) { return true }
                rest = pattern.dropFirst(2)
            }
            var index = text.startIndex
            while true {
                if match(rest, text[index...]) { return true }
                guard index < text.endIndex, doubled || text[index] != UInt8(ascii: "/") else { return false }
                index += 1
            }
        }
        guard let character = text.first else { return false }
        if first == UInt8(ascii: "?") ? character != UInt8(ascii: "/") : first == character {
            return match(pattern.dropFirst(), text.dropFirst())
        }
        return false
    }
}

/// A small seeded generator: the same cases on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
