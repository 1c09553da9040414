import XCTest
@testable import GoSyntax

final class OutlineTests: XCTestCase {
    func testOutlineShowsKindsPositionsAndDetails() {
        let source = SourceFile(path: "x.go", text: "package p\n\nfunc f() { defer g(1) } // done\n")
        let outline = ASTOutline.render(Parser.parse(source))
        XCTAssertEqual(outline, """
            File 1:1 3:24
              Ident 1:9 1:10 p
              FuncDecl 3:1 3:24 recv=0 body=1
                Ident 3:6 3:7 f
                FuncType 3:1 3:9 tparams=0 results=0
                  FieldList 3:7 3:9
                BlockStmt 3:10 3:24
                  DeferStmt 3:12 3:22
                    CallExpr 3:18 3:22 ellipsis=0
                      Ident 3:18 3:19 g
                      BasicLit 3:20 3:21 INT 1
            Comment 3:25 3:32 // done

            """)
    }

    func testOutlineEscapesNonPrintableBytes() {
        XCTAssertEqual(ASTOutline.escape(Array("a\\b\té".utf8)), "a\\x5cb\\x09\\xc3\\xa9")
    }
}
