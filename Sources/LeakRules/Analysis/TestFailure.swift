import GoSyntax

/// Statements after which a stranded goroutine no longer matters: the test has failed
/// (`t.Fatal`, `t.Errorf`, `b.FailNow`, `require.…`, `assert.…`) or been skipped, or the
/// process ends (`panic`, `os.Exit`, `log.Fatal`). A goroutine left blocked then lives only
/// as long as a test binary that is already reporting a failure.
enum TestFailure {
    private static let failingMethods: Set<String> = ["Fatal", "Fatalf", "FailNow", "Fail", "Error", "Errorf", "Skip", "Skipf", "SkipNow"]
    private static let assertionPackages: Set<String> = ["require", "assert"]

    /// Whether `statements` (a select case's body) contain such a call outside function literals.
    static func fails(_ statements: NodeList, tree: SyntaxTree) -> Bool {
        statements.contains { statement in
            var found = false
            tree.walk(from: statement) { node in
                if found || tree.kind(node) == .funcLit { return false }
                if tree.kind(node) == .callExpr && (endsTest(node, tree: tree) || ControlFlowGraph.neverReturns(tree, node)) {
                    found = true
                }
                return !found
            }
            return found
        }
    }

    private static func endsTest(_ call: Node, tree: SyntaxTree) -> Bool {
        guard let fun = tree.a(call), tree.kind(fun) == .selectorExpr, let base = tree.a(fun), let method = tree.b(fun),
              tree.kind(base) == .ident else { return false }
        return failingMethods.contains(tree.name(method)) || assertionPackages.contains(tree.name(base))
    }
}
