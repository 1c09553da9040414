import GoSyntax

/// Statements after which a stranded goroutine no longer matters: the test has failed
/// (`t.Fatal`, `t.Errorf`, `b.FailNow`, `require.…`, `assert.…`) or been skipped, or the
/// process ends (`panic`, `os.Exit`, `log.Fatal`). A goroutine left blocked then lives only
/// as long as a test binary that is already reporting a failure.
enum TestFailure {
    private static let failingMethods: Set<String> = ["Fatal", "Fatalf", "FailNow", "Fail", "Error", "Errorf", "Skip", "Skipf", "SkipNow"]
    private static let assertionPackages: Set<String> = ["require", "assert"]

    /// Whether `statements` (a select case's body) contain such a call outside function literals.
    /// `t.Errorf` is a test's failure only in a file that imports `testing` (elsewhere `Error`
    /// is a logger's), and `require.…` / `assert.…` only as testify's packages.
    static func fails(_ statements: NodeList, tree: SyntaxTree, imports: Imports) -> Bool {
        statements.contains { statement in
            var found = false
            tree.walk(from: statement) { node in
                if found || tree.kind(node) == .funcLit { return false }
                if tree.kind(node) == .callExpr && (endsTest(node, tree: tree, imports: imports) || ControlFlowGraph.neverReturns(tree, node)) {
                    found = true
                }
                return !found
            }
            return found
        }
    }

    private static func endsTest(_ call: Node, tree: SyntaxTree, imports: Imports) -> Bool {
        guard let fun = tree.a(call), tree.kind(fun) == .selectorExpr, let base = tree.a(fun), let method = tree.b(fun),
              tree.kind(base) == .ident else { return false }
        let name = tree.name(base)
        if assertionPackages.contains(name) { return imports.name(name, refersTo: "github.com/stretchr/testify/" + name) }
        return imports.imports("testing") && failingMethods.contains(tree.name(method))
    }
}
