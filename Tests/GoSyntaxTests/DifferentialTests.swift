import Foundation
import XCTest
@testable import GoSyntax

/// Compares Seep's parser with Go's own, file by file: for every file go/parser accepts, Seep
/// must accept it with an identical outline (tools/goastdump prints Go's side); for every
/// file go/parser rejects, Seep must reject it too.
///
/// Needs SEEP_GOASTDUMP (the built tools/goastdump) and SEEP_DIFF_DIRS (colon-separated
/// directories); scripts/test sets both.
final class DifferentialTests: XCTestCase {
    func testSeepAgreesWithGoParser() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let oracle = environment["SEEP_GOASTDUMP"], let dirs = environment["SEEP_DIFF_DIRS"] else {
            throw XCTSkip("set SEEP_GOASTDUMP and SEEP_DIFF_DIRS (scripts/test does)")
        }
        let directories = dirs.split(separator: ":").map(String.init)
        let expected = try DifferentialTests.runOracle(oracle, directories)
        XCTAssertGreaterThan(expected.count, 0, "the oracle listed no files")

        // each file: nil when both reject, "" when the outlines are identical, else the disagreement
        let outcomes = Outcomes(count: expected.count)
        DispatchQueue.concurrentPerform(iterations: expected.count) { index in
            let (path, goOutput) = expected[index]
            // parse, compare and free each tree on a thread with a deep stack
            let outcome: String? = DeepStack.run {
                let source = SourceFile(path: path, bytes: Array(FileManager.default.contents(atPath: path) ?? Data()))
                let tree = Parser.parse(source)
                switch (goOutput.hasPrefix("ok\n"), tree.errors.isEmpty) {
                case (true, true):
                    if let broken = DifferentialTests.nonContiguousSubtree(tree) { return "subtree not contiguous in \(path): \(broken)" }
                    if let wrong = DifferentialTests.wrongKindIndex(tree) { return "kind index wrong in \(path): \(wrong)" }
                    return "ok\n" + ASTOutline.render(tree) == goOutput ? "" : "outline differs: \(path)"
                case (false, false):
                    return nil
                case (true, false):
                    let error = tree.errors[0]
                    return "only Seep rejects \(path): \(source.position(of: error.offset)): \(error.message)"
                case (false, true):
                    return "only go/parser rejects \(path): \(goOutput.prefix(200))"
                }
            }
            outcomes.set(index, outcome)
        }
        let results = outcomes.values
        let identical = results.filter { $0 == "" }.count
        let rejectedByBoth = results.filter { $0 == nil }.count
        let mismatches = results.compactMap { $0 }.filter { !$0.isEmpty }
        print("differential: \(expected.count) files: \(identical) identical outlines, \(rejectedByBoth) rejected by both, \(mismatches.count) disagreements")
        for mismatch in mismatches.prefix(20) { print("  " + mismatch) }
        XCTAssertEqual(mismatches.count, 0, mismatches.prefix(5).joined(separator: "\n"))
    }

    /// Rules look subtrees up as runs of storage (`firstDescendant(of:)`): every node a walk
    /// finds below a function or block must lie in the run that ends at it, and the run holds
    /// nothing else but the wrappers the parser drops when a simple statement turns out to be
    /// a header's condition or a range clause (they are in no tree).
    static func nonContiguousSubtree(_ tree: SyntaxTree) -> String? {
        for node in tree.nodes(of: .funcDecl) + tree.nodes(of: .funcLit) {
            var walked = Set<Int32>()
            tree.walk(from: node) { walked.insert($0.index); return true }
            let run = Set(tree.firstDescendant(of: node).index...node.index)
            let outside = walked.subtracting(run)
            let dropped = run.subtracting(walked).filter { ![.exprStmt, .assignStmt, .unaryExpr].contains(tree.kind(Node($0))) }
            if !outside.isEmpty || !dropped.isEmpty {
                return "\(tree.kind(node)) at \(tree.source.position(of: tree.start(node))): \(outside.count) nodes outside the run, \(dropped.count) in it but not in the tree"
            }
        }
        return nil
    }

    /// `contains(kind)` answers from bits the parser set and `nodes(of:)` skips its sort when
    /// storage is already in order: both must agree with a plain scan of storage, sorted.
    static func wrongKindIndex(_ tree: SyntaxTree) -> String? {
        for kind in NodeKind.allCases {
            let scanned = (0..<tree.nodeCount).map { Node(Int32($0)) }.filter { tree.kind($0) == kind }
                .sorted { (tree.start($0), -tree.end($0)) < (tree.start($1), -tree.end($1)) }
            if tree.contains(kind) != !scanned.isEmpty { return "contains(\(kind)) is \(tree.contains(kind))" }
            if tree.nodes(of: kind) != scanned { return "nodes(of: \(kind)) out of order" }
        }
        return nil
    }

    /// Results of the parallel comparison, in file order.
    final class Outcomes: @unchecked Sendable {
        private var slots: [String??]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: .none, count: count) }
        func set(_ index: Int, _ value: String?) {
            lock.lock()
            slots[index] = .some(value)
            lock.unlock()
        }
        var values: [String?] { slots.map { $0 ?? "missing" } }
    }

    /// Runs goastdump and splits its output into one entry per file.
    static func runOracle(_ oracle: String, _ directories: [String]) throws -> [(String, String)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: oracle)
        process.arguments = directories
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("goastdump-\(getpid()).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: output) }
        XCTAssertEqual(process.terminationStatus, 0, "goastdump failed")
        let data = try Data(contentsOf: output)
        var entries: [(String, String)] = []
        var current: String?
        var body: [UInt8] = []
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.starts(with: Array("=== ".utf8)) {
                if let current { entries.append((current, String(decoding: body, as: UTF8.self))) }
                current = String(decoding: line.dropFirst(4), as: UTF8.self)
                body = []
            } else if current != nil {
                body.append(contentsOf: line)
                body.append(UInt8(ascii: "\n"))
            }
        }
        if let current {
            if body.last == UInt8(ascii: "\n") { body.removeLast() }  // the split's last empty line
            entries.append((current, String(decoding: body, as: UTF8.self)))
        }
        return entries
    }
}
