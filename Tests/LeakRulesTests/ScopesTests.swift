import Foundation
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

    /// Rules resolve one declaration at a time: within it, that must give what resolving the
    /// whole file gives, on every identifier (Seep's fixtures and its example agent).
    func testOneDeclarationResolvesAsTheWholeFileDoes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let directories = [root.appendingPathComponent("testdata/src"), root.appendingPathComponent("../../examples/agent").standardized]
        var compared = 0
        for directory in directories {
            let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "go" } ?? []
            for file in files {
                let tree = Parser.parse(SourceFile(path: file.path, bytes: Array(try Data(contentsOf: file))))
                let whole = Scopes(tree)
                for declaration in tree.list(tree.root, slot: .b) {
                    let one = Scopes(tree, declaration: declaration)
                    for ident in tree.nodes(of: .ident, under: declaration) {
                        XCTAssertEqual(one.binding(of: ident), whole.binding(of: ident), "\(file.lastPathComponent): \(tree.name(ident)) at \(tree.source.position(of: tree.start(ident)))")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 1000)
    }

    /// A local name's uses found without resolving scopes (`NameUses`) are exactly the ones
    /// resolving finds, whenever it answers: every `:=`, `var` and parameter name of Seep's
    /// fixtures, its example agent, and Go's own packages that use channels most.
    func testNameUsesAreTheUsesScopesFind() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var directories = [root.appendingPathComponent("testdata/src"), root.appendingPathComponent("../../examples/agent").standardized]
        directories += ["context", "sync", "net/http", "os/exec", "time"].map { URL(fileURLWithPath: "/usr/share/go-1.19/src/" + $0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        var (compared, gaveUp) = (0, 0)
        for directory in directories {
            let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "go" } ?? []
            for file in files {
                guard let data = try? Data(contentsOf: file) else { continue }
                let tree = Parser.parse(SourceFile(path: file.path, bytes: Array(data)))
                let whole = Scopes(tree)
                let context = FileContext(tree: tree)
                func check(_ name: Node, _ found: [Node]?, in declaration: Node) {
                    guard let found else { return gaveUp += 1 }
                    let resolved = tree.nodes(of: .ident, under: declaration).filter { $0 != name && whole.binding(of: $0) == .local(name) }
                    XCTAssertEqual(found, resolved, "\(file.lastPathComponent): \(tree.name(name)) at \(tree.source.position(of: tree.start(name)))")
                    compared += 1
                }
                for declaration in tree.list(tree.root, slot: .b) where tree.kind(declaration) == .funcDecl {
                    guard let body = tree.d(declaration) else { continue }
                    for statement in tree.nodes(of: .assignStmt, under: body) + tree.nodes(of: .valueSpec, under: body) {
                        guard tree.kind(statement) == .valueSpec || tree.token(statement) == .define else { continue }
                        for name in tree.list(statement, slot: .a) where tree.kind(name) == .ident && whole.binding(of: name) == .local(name) {
                            check(name, NameUses.uses(of: name, declaredBy: statement, in: context), in: declaration)
                        }
                    }
                    guard let type = tree.c(declaration), let parameters = tree.c(type) else { continue }
                    for field in tree.list(parameters, slot: .b) {
                        for name in tree.list(field, slot: .a) where whole.binding(of: name) == .local(name) {
                            check(name, NameUses.uses(of: name, from: tree.start(body), in: body, file: context), in: declaration)
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 300)
        XCTAssertLessThan(gaveUp, compared / 5, "the fast path should answer for most names")
    }

    /// Parameters are in scope in the body, not in the signature that declares them.
    func testAParameterIsNotInScopeInItsOwnSignature() {
        let tree = Parser.parse(SourceFile(path: "p.go", text: "package p\n\nimport \"net/url\"\n\nfunc f(url string, v url.Values) {\n\t_ = url\n}\n"))
        let scopes = Scopes(tree)
        let names = idents(tree, "url", line: 5)
        XCTAssertEqual(scopes.binding(of: names[1]), .imported(path: "net/url"))
        XCTAssertEqual(scopes.binding(of: idents(tree, "url", line: 6)[0]), .local(names[0]))
    }

    /// `_` names nothing: not even a package-level `var _ = …` in the same file.
    func testTheBlankIdentifierNeverResolves() {
        let tree = Parser.parse(SourceFile(path: "p.go", text: "package p\n\nvar _ = 1\n\nfunc f(x int) {\n\t_ = x\n}\n"))
        let scopes = Scopes(tree)
        let blanks = tree.nodes(of: .ident).filter { tree.name($0) == "_" }
        XCTAssertEqual(blanks.count, 2)
        XCTAssertEqual(scopes.binding(of: blanks[1]), .unresolved)
    }

    func testImportsAreKnownByTheLastPathElement() {
        XCTAssertEqual(Imports.defaultName("net/http"), "http")
        XCTAssertEqual(Imports.defaultName("fmt"), "fmt")
        XCTAssertEqual(Imports.defaultName("gopkg.in/yaml.v2"), "yaml")
        XCTAssertEqual(Imports.defaultName("github.com/go-redis/redis/v8"), "redis")
        XCTAssertEqual(Imports.defaultName("example.com/v2"), "example")
        XCTAssertEqual(Imports.defaultName("v2"), "v2")
        XCTAssertEqual(Imports.defaultName("./local"), "local")
    }
}
