/// Positions in the AST are byte offsets into the file; `noPos` marks an absent token.
public let noPos = -1

/// A Go expression or type. Each case carries a struct named after its go/ast node.
public indirect enum Expr: Sendable {
    case bad(BadExpr)
    case ident(Ident)
    case basicLit(BasicLit)
    case compositeLit(CompositeLit)
    case funcLit(FuncLit)
    case paren(ParenExpr)
    case selector(SelectorExpr)
    case index(IndexExpr)
    case slice(SliceExpr)
    case typeAssert(TypeAssertExpr)
    case call(CallExpr)
    case star(StarExpr)
    case unary(UnaryExpr)
    case binary(BinaryExpr)
    case keyValue(KeyValueExpr)
    case ellipsis(Ellipsis)
    case arrayType(ArrayType)
    case structType(StructType)
    case funcType(FuncType)
    case interfaceType(InterfaceType)
    case mapType(MapType)
    case chanType(ChanType)

    /// Offset of the node's first byte. Walks down the left spine iteratively: chains such
    /// as `a + b + … + z` can be thousands of nodes deep.
    public var start: Int {
        var node = self
        while true {
            switch node {
            case .bad(let bad): return bad.start
            case .ident(let ident): return ident.start
            case .basicLit(let literal): return literal.start
            case .compositeLit(let literal):
                guard let type = literal.type else { return literal.lbrace }
                node = type
            case .funcLit(let literal): return literal.type.start
            case .paren(let paren): return paren.lparen
            case .selector(let selector): node = selector.x
            case .index(let index): node = index.x
            case .slice(let slice): node = slice.x
            case .typeAssert(let assert): node = assert.x
            case .call(let call): node = call.fun
            case .star(let star): return star.star
            case .unary(let unary): return unary.opPos
            case .binary(let binary): node = binary.x
            case .keyValue(let pair): node = pair.key
            case .ellipsis(let ellipsis): return ellipsis.start
            case .arrayType(let array): return array.lbrack
            case .structType(let type): return type.structPos
            case .funcType(let type): return type.start
            case .interfaceType(let type): return type.interfacePos
            case .mapType(let type): return type.mapPos
            case .chanType(let type): return type.begin
            }
        }
    }

    /// Offset just past the node's last byte.
    public var end: Int {
        switch self {
        case .bad(let node): return node.end
        case .ident(let node): return node.end
        case .basicLit(let node): return node.end
        case .compositeLit(let node): return node.rbrace + 1
        case .funcLit(let node): return node.body.end
        case .paren(let node): return node.rparen + 1
        case .selector(let node): return node.sel.end
        case .index(let node): return node.rbrack + 1
        case .slice(let node): return node.rbrack + 1
        case .typeAssert(let node): return node.rparen + 1
        case .call(let node): return node.rparen + 1
        case .star(let node): return node.x.end
        case .unary(let node): return node.x.end
        case .binary(let node): return node.y.end
        case .keyValue(let node): return node.value.end
        case .ellipsis(let node): return node.elt?.end ?? node.start + 3
        case .arrayType(let node): return node.elt.end
        case .structType(let node): return node.fields.end
        case .funcType(let node): return node.end
        case .interfaceType(let node): return node.methods.end
        case .mapType(let node): return node.value.end
        case .chanType(let node): return node.value.end
        }
    }

    /// The identifier, when this expression is one.
    public var ident: Ident? {
        if case .ident(let ident) = self { return ident }
        return nil
    }

    /// The expression with any parentheses removed.
    public var unparenthesized: Expr {
        var expr = self
        while case .paren(let paren) = expr { expr = paren.x }
        return expr
    }
}

public struct BadExpr: Sendable {
    public var start: Int
    public var end: Int
}

public struct Ident: Sendable {
    public var start: Int
    public var name: String
    public var end: Int { start + name.utf8.count }
}

public enum LiteralKind: Sendable {
    case int, float, imag, char, string
}

public struct BasicLit: Sendable {
    public var start: Int
    public var kind: LiteralKind
    /// The literal as written (raw strings without carriage returns, as go/scanner gives them).
    public var value: String
    public var end: Int { start + value.utf8.count }
}

public struct CompositeLit: Sendable {
    public var type: Expr?
    public var lbrace: Int
    public var elts: [Expr]
    public var rbrace: Int
}

public struct FuncLit: Sendable {
    public var type: FuncType
    public var body: BlockStmt
}

public struct ParenExpr: Sendable {
    public var lparen: Int
    public var x: Expr
    public var rparen: Int
}

public struct SelectorExpr: Sendable {
    public var x: Expr
    public var sel: Ident
}

/// `x[i]`, or an instantiation with several type arguments `x[A, B]`.
public struct IndexExpr: Sendable {
    public var x: Expr
    public var lbrack: Int
    public var indices: [Expr]
    public var rbrack: Int
}

public struct SliceExpr: Sendable {
    public var x: Expr
    public var lbrack: Int
    public var low: Expr?
    public var high: Expr?
    public var max: Expr?
    public var slice3: Bool
    public var rbrack: Int
}

/// `x.(T)`; `type` is nil for `x.(type)` in a type switch.
public struct TypeAssertExpr: Sendable {
    public var x: Expr
    public var lparen: Int
    public var type: Expr?
    public var rparen: Int
}

public struct CallExpr: Sendable {
    public var fun: Expr
    public var lparen: Int
    public var args: [Expr]
    /// Position of `...` after the last argument, or `noPos`.
    public var ellipsis: Int
    public var rparen: Int
    public var start: Int { Expr.call(self).start }
    public var end: Int { rparen + 1 }
}

public struct StarExpr: Sendable {
    public var star: Int
    public var x: Expr
}

public struct UnaryExpr: Sendable {
    public var opPos: Int
    public var op: Token
    public var x: Expr
}

public struct BinaryExpr: Sendable {
    public var x: Expr
    public var opPos: Int
    public var op: Token
    public var y: Expr
}

public struct KeyValueExpr: Sendable {
    public var key: Expr
    public var colon: Int
    public var value: Expr
}

public struct Ellipsis: Sendable {
    public var start: Int
    public var elt: Expr?
}

/// `[N]T`, `[...]T` (len is an `Ellipsis`), or a slice type `[]T` (len is nil).
public struct ArrayType: Sendable {
    public var lbrack: Int
    public var len: Expr?
    public var elt: Expr
}

public struct StructType: Sendable {
    public var structPos: Int
    public var fields: FieldList
}

public struct FuncType: Sendable {
    /// Position of `func`, or `noPos` for a method in an interface or a declaration's signature.
    public var funcPos: Int
    public var typeParams: FieldList?
    public var params: FieldList
    public var results: FieldList?
    public var start: Int { funcPos != noPos ? funcPos : params.start }
    public var end: Int { results?.end ?? params.end }
}

public struct InterfaceType: Sendable {
    public var interfacePos: Int
    public var methods: FieldList
}

public struct MapType: Sendable {
    public var mapPos: Int
    public var key: Expr
    public var value: Expr
}

public enum ChanDirection: Sendable {
    case both, send, receive
}

public struct ChanType: Sendable {
    public var begin: Int
    /// Position of `<-`, or `noPos`.
    public var arrow: Int
    public var dir: ChanDirection
    public var value: Expr
}

/// A parameter, result, struct field, interface element or type parameter list.
public struct FieldList: Sendable {
    public var opening: Int
    public var list: [Field]
    public var closing: Int

    public var start: Int {
        if opening != noPos { return opening }
        return list.first?.start ?? noPos
    }

    public var end: Int {
        if closing != noPos { return closing + 1 }
        return list.last?.end ?? noPos
    }

    /// Number of entries the list declares (`a, b int` counts two).
    public var count: Int { list.reduce(0) { $0 + max(1, $1.names.count) } }
}

public struct Field: Sendable {
    public var names: [Ident]
    public var type: Expr?
    public var tag: BasicLit?

    public var start: Int {
        if let first = names.first { return first.start }
        return type?.start ?? noPos
    }

    public var end: Int {
        if let tag { return tag.end }
        if let type { return type.end }
        return names.last?.end ?? noPos
    }
}
