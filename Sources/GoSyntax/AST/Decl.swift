/// A top-level or local declaration.
public enum Decl: Sendable {
    case bad(BadDecl)
    case gen(GenDecl)
    case fn(FuncDecl)

    public var start: Int {
        switch self {
        case .bad(let node): return node.start
        case .gen(let node): return node.tokPos
        case .fn(let node): return node.type.start
        }
    }

    public var end: Int {
        switch self {
        case .bad(let node): return node.end
        case .gen(let node): return node.end
        case .fn(let node): return node.body?.end ?? node.type.end
        }
    }
}

public struct BadDecl: Sendable {
    public var start: Int
    public var end: Int
}

/// `import`, `const`, `type` or `var`, with one spec or a parenthesized list.
public struct GenDecl: Sendable {
    public var tokPos: Int
    public var tok: Token
    public var lparen: Int
    public var specs: [Spec]
    public var rparen: Int

    public var end: Int {
        if rparen != noPos { return rparen + 1 }
        return specs.first?.end ?? tokPos
    }
}

public struct FuncDecl: Sendable {
    public var recv: FieldList?
    public var name: Ident
    /// The signature; its `funcPos` is the `func` keyword.
    public var type: FuncType
    public var body: BlockStmt?
}

public enum Spec: Sendable {
    case `import`(ImportSpec)
    case value(ValueSpec)
    case type(TypeSpec)

    public var start: Int {
        switch self {
        case .import(let node): return node.name?.start ?? node.path.start
        case .value(let node): return node.names[0].start
        case .type(let node): return node.name.start
        }
    }

    public var end: Int {
        switch self {
        case .import(let node): return node.path.end
        case .value(let node): return node.values.last?.end ?? node.type?.end ?? node.names[node.names.count - 1].end
        case .type(let node): return node.type.end
        }
    }
}

public struct ImportSpec: Sendable {
    /// The local name: an identifier, `.` or `_`.
    public var name: Ident?
    public var path: BasicLit
}

/// One `const` or `var` spec: `a, b T = x, y`.
public struct ValueSpec: Sendable {
    public var names: [Ident]
    public var type: Expr?
    public var values: [Expr]
}

public struct TypeSpec: Sendable {
    public var name: Ident
    public var typeParams: FieldList?
    /// Position of `=` for an alias, or `noPos`.
    public var assign: Int
    public var type: Expr
}

/// A parsed Go file: its declarations, comments and the errors found while parsing.
public struct File: Sendable {
    public var packagePos: Int
    public var name: Ident
    public var decls: [Decl]
    public var imports: [ImportSpec]
    public var comments: [Comment]
    public var errors: [SyntaxError]
}
