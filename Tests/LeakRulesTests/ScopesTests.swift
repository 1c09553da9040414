import GoSyntax
import XCTest
@testable import LeakRules

final class ScopesTests: XCTestCase {
    private let text = """
        package p

        import (
        \tlog "github.com/sirupsen/logrus"
        \t"time"
        )

        var ch = make(chan int)

        type T struct{ ch chan int }

        func (t *T) run(ch chan int, n int) (err error) {
        \tfor i := 0; i < n; i++ {
        \t\tch := make(chan int, i)
        \t\tgo func() { ch <- i }()
        \t}
        \tch <- n
        \tt.ch <- n
        \tfor v := range ch {
        \t\tlog.Info(v, time.Now(), err)
        \t}
        \tswitch x := any(n).(type) {
        \tcase int:
        \t\t_ = x
        \t}
        \treturn nil
        }

        func global() { ch <- 1 }
        """

    /// The identifiers spelled `name` on `line`, in order.
    private func idents(_ tree: SyntaxTree, _ name: String, line: Int) -> [Node] {
        tree.nodes(of: .ident).filter { tree.name($0) == name && tree.source.position(of: tree.start($0)).line == line }
    }

    func testNamesResolveByScope() throws {
        let tree = Parser.parse(SourceFile(path: "p.go", text: text))
        XCTAssertEqual(tree.errors, [])
        let scopes = Scopes(tree)
        let packageCh = try XCTUnwrap(idents(tree, "ch", line: 8).first)
        let parameterCh = try XCTUnwrap(idents(tree, "ch", line: 12).first)
        let loopCh = try XCTUnwrap(idents(tree, "ch", line: 14).first)
        // the literal captures the loop's ch
        XCTAssertEqual(scopes.binding(of: idents(tree, "ch", line: 15)[0]), .local(loopCh))
        // after the loop, the parameter
        XCTAssertEqual(scopes.binding(of: idents(tree, "ch", line: 17)[0]), .local(parameterCh))
        // t.ch is a field: only t resolves
        XCTAssertEqual(scopes.binding(of: idents(tree, "t", line: 18)[0]), .local(idents(tree, "t", line: 12)[0]))
        XCTAssertEqual(scopes.binding(of: idents(tree, "ch", line: 18)[0]), .unresolved)
        XCTAssertEqual(scopes.binding(of: idents(tree, "ch", line: 19)[0]), .local(parameterCh))
        XCTAssertEqual(scopes.binding(of: idents(tree, "log", line: 20)[0]), .imported(path: "github.com/sirupsen/logrus"))
        XCTAssertEqual(scopes.binding(of: idents(tree, "time", line: 20)[0]), .imported(path: "time"))
        XCTAssertEqual(scopes.binding(of: idents(tree, "err", line: 20)[0]), .local(idents(tree, "err", line: 12)[0]))
        XCTAssertEqual(scopes.binding(of: idents(tree, "x", line: 24)[0]), .local(idents(tree, "x", line: 22)[0]))
        // in another function, the package-level channel
        XCTAssertEqual(scopes.binding(of: idents(tree, "ch", line: 29)[0]), .package(packageCh))
        XCTAssertEqual(scopes.binding(of: idents(tree, "any", line: 22)[0]), .unresolved, "predeclared")
    }

    /// `:=` with a name already declared in the same scope assigns to it; in an inner scope it
    /// declares a new one, which hides the outer one only until that scope ends.
    func testRedeclarationAssignsInTheSameScopeAndShadowsInAnInnerOne() throws {
        let tree = Parser.parse(SourceFile(path: "p.go", text: """
            package p

            func f() (int, error) {
            	a, err := g()
            	b, err := g()
            	if c, err := g(); err != nil {
            		return c, err
            	}
            	return a + b, err
            }
            """))
        XCTAssertEqual(tree.errors, [])
        let scopes = Scopes(tree)
        let first = idents(tree, "err", line: 4)[0]
        XCTAssertEqual(scopes.binding(of: idents(tree, "err", line: 5)[0]), .local(first), "same scope: an assignment")
        let inner = idents(tree, "err", line: 6)[0]
        XCTAssertEqual(scopes.binding(of: inner), .local(inner), "inner scope: a new variable")
        XCTAssertEqual(scopes.binding(of: idents(tree, "err", line: 6)[1]), .local(inner))
        XCTAssertEqual(scopes.binding(of: idents(tree, "err", line: 7)[0]), .local(inner))
        XCTAssertEqual(scopes.binding(of: idents(tree, "err", line: 9)[0]), .local(first), "the outer one again")
    }

    /// A channel made by a `make` that the file redeclares is not the builtin's.
    func testAMakeTheFileRedeclaresMakesNoChannel() {
        func channels(_ body: String) -> Int {
            let tree = Parser.parse(SourceFile(path: "p.go", text: "package p\n\nfunc f() {\n\(body)\n\tgo func() { ch <- 1 }()\n}\n"))
            return LocalChannels(FileContext(tree: tree)).channels.count
        }
        XCTAssertEqual(channels("\tch := make(chan int)"), 1)
        XCTAssertEqual(channels("\tmake := func(...any) chan int { return nil }\n\tch := make(chan int)"), 0)
    }
}
