import GoSyntax

/// A function body: a declared function or method, or a function literal.
public struct FunctionBody: Sendable {
    /// The `funcDecl` or `funcLit` node.
    public let node: Node
    /// The body's `blockStmt`.
    public let body: Node
    /// For a literal: whether it is started by `go` (`go func() { … }()`).
    public let isGoroutine: Bool

    /// Every body in the file, in source order (outer ones before the ones nested in them).
    static func all(in tree: SyntaxTree) -> [FunctionBody] {
        var goLiterals = Set<Node>()
        for goStmt in tree.nodes(of: .goStmt) {
            if let call = tree.a(goStmt), let fun = tree.a(call), tree.kind(fun) == .funcLit { goLiterals.insert(fun) }
        }
        var result: [FunctionBody] = []
        for node in tree.nodes(of: .funcDecl) {
            if let body = tree.d(node) { result.append(FunctionBody(node: node, body: body, isGoroutine: false)) }
        }
        for node in tree.nodes(of: .funcLit) {
            if let body = tree.b(node) { result.append(FunctionBody(node: node, body: body, isGoroutine: goLiterals.contains(node))) }
        }
        return result.sorted { (tree.start($0.node), -tree.end($0.node)) < (tree.start($1.node), -tree.end($1.node)) }
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

/// The function body each node belongs to, found by walking up from the node rather than by
/// looking at every function of the file (a file of thousands of function literals asks it
/// of every use of every channel).
struct FunctionOwners {
    private let tree: SyntaxTree
    private let parents: Parents
    private let byNode: [Node: FunctionBody]

    init(tree: SyntaxTree, parents: Parents, functions: [FunctionBody]) {
        self.tree = tree
        self.parents = parents
        byNode = Dictionary(functions.map { ($0.node, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The innermost function whose body holds `node` (a parameter belongs to the function
    /// around its own).
    func owner(of node: Node) -> FunctionBody? {
        let start = tree.start(node)
        var current = parents.parent(of: node)
        while let ancestor = current {
            if let function = byNode[ancestor], tree.range(function.body).contains(start) { return function }
            current = parents.parent(of: ancestor)
        }
        return nil
    }

    /// Whether a `for` or `range` of `body` itself (not of a literal in it) encloses `node`.
    func repeats(_ node: Node, in body: FunctionBody) -> Bool {
        var sawLoop = false
        var current = parents.parent(of: node)
        while let ancestor = current {
            switch tree.kind(ancestor) {
            case .forStmt, .rangeStmt:
                sawLoop = true
            case .funcLit, .funcDecl:
                if ancestor == body.node { return sawLoop }
                sawLoop = false  // a loop inside a literal repeats the literal's code, not body's
            default:
                break
            }
            current = parents.parent(of: ancestor)
        }
        return false
    }
}
