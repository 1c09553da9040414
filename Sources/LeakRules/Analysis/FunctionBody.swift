import GoSyntax

/// A function body: a declared function or method, or a function literal.
public struct FunctionBody: Sendable {
    /// The `funcDecl` or `funcLit` node.
    public let node: Node
    /// The body's `blockStmt`.
    public let body: Node
    /// For a literal: whether it is started by `go` (`go func() { … }()`).
    public let isGoroutine: Bool

    /// Every body in the file, outer ones before the ones nested in them.
    static func all(in tree: SyntaxTree) -> [FunctionBody] {
        var goLiterals = Set<Node>()
        for goStmt in tree.nodes(of: .goStmt) {
            if let call = tree.a(goStmt), let fun = tree.a(call), tree.kind(fun) == .funcLit { goLiterals.insert(fun) }
        }
        var result: [FunctionBody] = []
        tree.walk { node in
            switch tree.kind(node) {
            case .funcDecl:
                if let body = tree.d(node) { result.append(FunctionBody(node: node, body: body, isGoroutine: false)) }
            case .funcLit:
                if let body = tree.b(node) { result.append(FunctionBody(node: node, body: body, isGoroutine: goLiterals.contains(node))) }
            default:
                break
            }
            return true
        }
        return result
    }

    /// A name for messages: `read`, `(*hub).run`, or `the function literal`.
    public func displayName(in tree: SyntaxTree) -> String {
        guard tree.kind(node) == .funcDecl, let name = tree.b(node) else {
            return isGoroutine ? "the goroutine" : "the function literal"
        }
        return tree.name(name)
    }

    /// Calls `visit` for each node of this body that belongs to it, not to a literal inside it.
    public func forEachOwnNode(in tree: SyntaxTree, _ visit: (Node) -> Void) {
        tree.walk(from: body) { node in
            if tree.kind(node) == .funcLit { return false }
            visit(node)
            return true
        }
    }
}
