import XCTest
@testable import GoSyntax

final class ParserTests: XCTestCase {
    private func parse(_ text: String) -> SyntaxTree {
        Parser.parse(SourceFile(path: "test.go", text: text))
    }

    private func firstError(_ text: String) -> String? {
        let tree = parse(text)
        return tree.errors.first.map { "\(tree.source.position(of: $0.offset)): \($0.message)" }
    }

    func testEveryNodeKindHasABitInTheKindSet() {
        // SyntaxTree.kindsPresent is a UInt64: one more kind than 64 needs a wider set
        XCTAssertLessThan(NodeKind.allCases.map(\.rawValue).max() ?? 0, 64)
        let tree = parse("package p\n\nfunc f(ch chan int) { go func() { ch <- 1 }() }\n")
        XCTAssertTrue(tree.contains(.goStmt) && tree.contains(.sendStmt) && tree.contains(.chanType))
        XCTAssertFalse(tree.contains(.deferStmt) || tree.contains(.selectStmt))
        XCTAssertEqual(tree.nodes(of: .deferStmt), [])
    }

    func testNodesAreCountedByTheirText() {
        let tree = parse("package p\n\nfunc f() {\n\tmake := 1\n\t_ = make + len(makes) + make\n\t_ = \"make\"\n}\n")
        XCTAssertEqual(tree.count(of: .ident, withText: "make"), 3)
        XCTAssertEqual(tree.count(of: .ident, withText: "makes"), 1)
        XCTAssertEqual(tree.count(of: .ident, withText: "mak"), 0)
        XCTAssertEqual(tree.count(of: .basicLit, withText: "\"make\""), 1)
        XCTAssertEqual(tree.count(of: .chanType, withText: "make"), 0, "no node of the kind")
    }

    /// Each node under the root has a parent, under the root too, that holds it among its
    /// children; the root has none. (Not every stored node is under the root: a range clause
    /// is first parsed as an assignment, which the range statement then replaces.)
    func testParentsAreWhatTheChildrenSay() {
        let tree = parse("package p\n\nimport \"fmt\"\n\nfunc f(ch chan int, xs []int) (n int) {\n\tfor i, x := range xs {\n\t\tselect {\n\t\tcase ch <- x + i:\n\t\tcase v := <-ch:\n\t\t\tn += v\n\t\t}\n\t}\n\tgo func() { defer fmt.Println(n) }()\n\treturn\n}\n")
        XCTAssertEqual(tree.errors, [])
        let parents = Parents(tree)
        XCTAssertNil(parents.parent(of: tree.root))
        var reached = Set<Node>()
        tree.walk { reached.insert($0).inserted }
        XCTAssertGreaterThan(reached.count, 50)
        for node in reached where node != tree.root {
            guard let parent = parents.parent(of: node) else { XCTFail("no parent for \(tree.kind(node))"); continue }
            XCTAssertTrue(reached.contains(parent) && tree.children(parent).contains(node), "\(tree.kind(parent)) does not hold \(tree.kind(node))")
        }
        let send = tree.nodes(of: .sendStmt)[0]
        XCTAssertEqual(parents.parent(of: send).map(tree.kind), .commClause)
    }

    /// Plain ASCII paths take a byte-by-byte shortcut; it must agree with the full check.
    func testImportPathsAreJudgedTheSameWithAndWithoutTheShortcut() {
        let valid = ["\"fmt\"", "\"github.com/a/b-c_d.e~f+g@v1\"", "`fmt`", "\"caf\u{E9}\"", "\"\\x66mt\""]
        let invalid = ["\"\"", "\"a b\"", "\"a!b\"", "\"a\\\\b\"", "\"a:b\"", "\"a`b\"", "\"a{b\"", "\"a\u{7F}b\"", "\"a\u{2028}b\""]
        for literal in valid { XCTAssertTrue(ImportPath.isValid(literal), literal) }
        for literal in invalid { XCTAssertFalse(ImportPath.isValid(literal), literal) }
    }

    func testLineStartsMatchAByteByByteCount() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<80 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in [UInt8(ascii: "\n"), UInt8(ascii: "a"), 0x8A, 0x0B][Int.random(in: 0..<4, using: &generator)] }
                let expected = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
                XCTAssertEqual(SourceFile.computeLineStarts(bytes), expected, "\(bytes)")
            }
        }
    }

    func testTheStorysLeaksParse() throws {
        let tree = parse("""
            package agent

            func somefunc(channels []chan int, value int) {
            \tfor {
            \t\tdefer something.Cleanup()
            \t}
            \tfor i := range channels {
            \t\tgo func() { channels[i] <- value }()
            \t}
            }
            """)
        XCTAssertEqual(tree.errors, [])
        let loop = try XCTUnwrap(tree.nodes(of: .forStmt).first)
        let deferStmt = try XCTUnwrap(tree.nodes(of: .deferStmt, under: loop).first)
        XCTAssertEqual(tree.source.position(of: tree.start(deferStmt)).description, "5:3")
        XCTAssertEqual(tree.text(deferStmt), "defer something.Cleanup()")
        let range = try XCTUnwrap(tree.nodes(of: .rangeStmt).first)
        XCTAssertEqual(tree.token(range), .define)
        XCTAssertEqual(tree.nodes(of: .goStmt, under: range).count, 1)
        XCTAssertEqual(tree.nodes(of: .sendStmt, under: range).count, 1)
    }

    func testGenericsAndTypeSets() throws {
        let text = """
            package p

            type Number interface { ~int | ~float64 }
            type List[T any] struct { next *List[T]; value T }
            type Pair[K comparable, V any] map[K]V
            type A [N]int
            type B[P *C,] struct{}

            func Sum[T Number](xs ...T) (total T) {
            \tfor _, x := range xs { total += x }
            \treturn
            }

            var _ = Sum[int](1, 2)
            var _ Pair[string, int]
            """
        let tree = parse(text)
        XCTAssertEqual(tree.errors, [])
        let specs = tree.nodes(of: .typeSpec)
        XCTAssertEqual(specs.count, 5)
        XCTAssertNil(tree.b(specs[3]), "type A [N]int is an array type")
        XCTAssertNotNil(tree.b(specs[4]), "type B[P *C,] has a type parameter")
        XCTAssertEqual(tree.kind(try XCTUnwrap(tree.d(specs[3]))), .arrayType)
    }

    func testCompositeLiteralsInControlClausesNeedParentheses() {
        XCTAssertNil(firstError("package p\nfunc f() { if x == (T{}) {} }"))
        XCTAssertNotNil(firstError("package p\nfunc f() { if x == T{} {} }"))
        XCTAssertNil(firstError("package p\nfunc f() { for _, v := range []int{1, 2} { _ = v } }"))
    }

    func testErrorsSayWhatWasExpected() {
        XCTAssertEqual(firstError("package p\nfunc f() { go f }"), "2:16: function must be invoked in go statement")
        XCTAssertEqual(firstError("package p\nfunc f() { x := }"), "2:17: expected operand, found '}'")
        XCTAssertEqual(firstError("package p\nvar x"), "2:5: missing variable type or initialization")
        XCTAssertEqual(firstError("package p\nfunc f(a int, b) {}"), "2:8: mixed named and unnamed parameters")
        XCTAssertEqual(firstError("nothing"), "1:1: expected 'package', found nothing")
    }

    func testPositionsAreByteOffsetsWithLineAndColumnOnDemand() {
        let source = SourceFile(path: "x.go", text: "package p\n// é\nvar x = 1\n")
        XCTAssertEqual(source.position(of: 0).description, "1:1")
        XCTAssertEqual(source.position(of: 16).description, "3:1")
        XCTAssertEqual(source.lineText(containing: 12), "// é")
    }

    func testHostileInputGivesErrorsNotCrashes() {
        let deepParens = "package p\nvar x = " + String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        XCTAssertEqual(parse(deepParens).errors.first?.message, "exceeded max nesting depth")
        let deepBlocks = "package p\nfunc f() {" + String(repeating: "{", count: 200_000) + String(repeating: "}", count: 200_000) + "}"
        XCTAssertEqual(parse(deepBlocks).errors.first?.message, "exceeded max nesting depth")
        var garbage = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<400, using: &garbage)).map { _ in UInt8.random(in: 0...255, using: &garbage) }
            let tree = Parser.parse(SourceFile(path: "junk.go", bytes: bytes))
            XCTAssertFalse(tree.errors.isEmpty)
            XCTAssertLessThanOrEqual(tree.errors.count, Parser.maxErrors + 1)
        }
    }

    func testTruncatedFilesAreRejectedAtEveryCut() {
        let text = Array("package p\n\nfunc f(ch chan int) {\n\tselect {\n\tcase ch <- 1:\n\tdefault:\n\t}\n}\n".utf8)
        XCTAssertEqual(Parser.parse(SourceFile(path: "whole.go", bytes: text)).errors, [])
        // every cut inside the function's body leaves it unfinished
        let bodyStart = text.firstIndex(of: UInt8(ascii: "{"))! + 1
        for cut in bodyStart..<(text.count - 2) {
            let file = Parser.parse(SourceFile(path: "cut.go", bytes: Array(text[0..<cut])))
            let tail = String(decoding: text[0..<cut], as: UTF8.self)
            XCTAssertFalse(file.errors.isEmpty, "accepted a cut at \(cut): \(tail)")
        }
    }
}
