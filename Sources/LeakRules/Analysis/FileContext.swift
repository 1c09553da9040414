import GoSyntax

/// One parsed file and what the rules share about it, computed once on first use.
public final class FileContext {
    public let tree: SyntaxTree
    /// The module's Go version from go.mod's `go` line (or the config), if known.
    public let goVersion: GoVersion?
    public private(set) lazy var imports = Imports(tree)
    /// What each identifier refers to: local, package-level, imported or unresolved.
    public var scopes: Scopes {
        if let fullScopes { return fullScopes }
        let resolved = Scopes(tree, packageLevel: packageLevel, declaration: nil)
        fullScopes = resolved
        return resolved
    }
    private var fullScopes: Scopes?
    /// Every function body of the file: declarations and literals, at any depth.
    public private(set) lazy var functions = FunctionBody.all(in: tree)
    /// The channels made by the file's functions, followed to their uses.
    private(set) lazy var localChannels = LocalChannels(self)
    /// Each node's parent (one pass over the file, for the few files whose rules look up).
    private(set) lazy var parents = Parents(tree)
    /// The file's identifiers by name (for the uses of a variable).
    private(set) lazy var identifiers = IdentifierIndex(tree)
    private var graphs: [Node: ControlFlowGraph] = [:]
    private var declarationScopes: [Node: Scopes] = [:]
    private lazy var declarations = Array(tree.list(tree.root, slot: .b))
    private lazy var packageLevel = Scopes.PackageLevel(tree)

    public init(tree: SyntaxTree, goVersion: GoVersion? = nil) {
        self.tree = tree
        self.goVersion = goVersion
    }

    /// Scopes resolved inside the top-level declaration around `node` only (and the package
    /// level): enough for anything local to one function, built once per declaration.
    public func scopes(around node: Node) -> Scopes {
        if let fullScopes { return fullScopes }
        guard let declaration = declaration(around: node) else { return scopes }
        if let known = declarationScopes[declaration] { return known }
        let resolved = Scopes(tree, packageLevel: packageLevel, declaration: declaration)
        declarationScopes[declaration] = resolved
        return resolved
    }

    /// The top-level declaration `node` is in, if any.
    func declaration(around node: Node) -> Node? {
        let offset = tree.start(node)
        // declarations are in source order: the last one starting at or before the node
        var low = 0, high = declarations.count
        while low < high {
            let middle = (low + high) / 2
            if tree.start(declarations[middle]) <= offset { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? declarations[low - 1] : nil
    }

    /// The control-flow graph of a function body (built once).
    public func controlFlow(of function: FunctionBody) -> ControlFlowGraph {
        if let graph = graphs[function.body] { return graph }
        let graph = ControlFlowGraph(tree: tree, body: function.body)
        graphs[function.body] = graph
        return graph
    }
}

/// A Go language version such as 1.21, from a go.mod `go` line.
public struct GoVersion: Sendable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Reads "1.21", "1.21.3" or "go1.21".
    public init?(_ text: String) {
        var text = Substring(text.trimmingWhitespace())
        if text.hasPrefix("go") { text = text.dropFirst(2) }
        let parts = text.split(separator: ".")
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1].prefix { $0.isNumber }) else { return nil }
        self.init(major: major, minor: minor)
    }

    public static func < (lhs: GoVersion, rhs: GoVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
