import XCTest
@testable import GoSyntax

final class ParserTests: XCTestCase {
    private func parse(_ text: String) -> (File, SourceFile) {
        let source = SourceFile(path: "test.go", text: text)
        return (Parser.parse(source), source)
    }

    private func firstError(_ text: String) -> String? {
        let (file, source) = parse(text)
        return file.errors.first.map { "\(source.position(of: $0.offset)): \($0.message)" }
    }

    func testTheStorysLeaksParse() throws {
        let (file, source) = parse("""
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
        XCTAssertEqual(file.errors, [])
        guard case .fn(let function) = file.decls[0], let body = function.body else { return XCTFail("no function") }
        guard case .for(let loop) = body.list[0], case .defer(let deferStmt) = loop.body.list[0] else { return XCTFail("no defer in for") }
        XCTAssertEqual(source.position(of: deferStmt.deferPos).description, "5:3")
        guard case .range(let range) = body.list[1], case .go = range.body.list[0] else { return XCTFail("no go in range") }
        XCTAssertEqual(range.tok, .define)
    }

    func testGenericsAndTypeSets() {
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
        let (file, _) = parse(text)
        XCTAssertEqual(file.errors, [])
        guard case .gen(let decl) = file.decls[3], case .type(let spec) = decl.specs[0] else { return XCTFail() }
        XCTAssertNil(spec.typeParams, "type A [N]int is an array type")
        guard case .gen(let generic) = file.decls[4], case .type(let genericSpec) = generic.specs[0] else { return XCTFail() }
        XCTAssertNotNil(genericSpec.typeParams, "type B[P *C,] has a type parameter")
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
        XCTAssertEqual(parse(deepParens).0.errors.first?.message, "exceeded max nesting depth")
        let deepBlocks = "package p\nfunc f() {" + String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000) + "}"
        XCTAssertEqual(parse(deepBlocks).0.errors.first?.message, "exceeded max nesting depth")
        var garbage = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<400, using: &garbage)).map { _ in UInt8.random(in: 0...255, using: &garbage) }
            let file = Parser.parse(SourceFile(path: "junk.go", bytes: bytes))
            XCTAssertFalse(file.errors.isEmpty)
            XCTAssertLessThanOrEqual(file.errors.count, Parser.maxErrors + 1)
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
