/// A Go statement. Each case carries a struct named after its go/ast node.
public indirect enum Stmt: Sendable {
    case bad(BadStmt)
    case decl(DeclStmt)
    case empty(EmptyStmt)
    case labeled(LabeledStmt)
    case expr(ExprStmt)
    case send(SendStmt)
    case incDec(IncDecStmt)
    case assign(AssignStmt)
    case go(GoStmt)
    case `defer`(DeferStmt)
    case `return`(ReturnStmt)
    case branch(BranchStmt)
    case block(BlockStmt)
    case `if`(IfStmt)
    case caseClause(CaseClause)
    case `switch`(SwitchStmt)
    case typeSwitch(TypeSwitchStmt)
    case commClause(CommClause)
    case select(SelectStmt)
    case `for`(ForStmt)
    case range(RangeStmt)

    public var start: Int {
        switch self {
        case .bad(let node): return node.start
        case .decl(let node): return node.decl.tokPos
        case .empty(let node): return node.semicolon
        case .labeled(let node): return node.label.start
        case .expr(let node): return node.x.start
        case .send(let node): return node.chan.start
        case .incDec(let node): return node.x.start
        case .assign(let node): return node.lhs[0].start
        case .go(let node): return node.goPos
        case .defer(let node): return node.deferPos
        case .return(let node): return node.returnPos
        case .branch(let node): return node.tokPos
        case .block(let node): return node.lbrace
        case .if(let node): return node.ifPos
        case .caseClause(let node): return node.casePos
        case .switch(let node): return node.switchPos
        case .typeSwitch(let node): return node.switchPos
        case .commClause(let node): return node.casePos
        case .select(let node): return node.selectPos
        case .for(let node): return node.forPos
        case .range(let node): return node.forPos
        }
    }

    public var end: Int {
        switch self {
        case .bad(let node): return node.end
        case .decl(let node): return node.decl.end
        case .empty(let node): return node.implicit ? node.semicolon : node.semicolon + 1
        case .labeled(let node): return node.stmt.end
        case .expr(let node): return node.x.end
        case .send(let node): return node.value.end
        case .incDec(let node): return node.tokPos + 2
        case .assign(let node): return node.rhs[node.rhs.count - 1].end
        case .go(let node): return node.call.end
        case .defer(let node): return node.call.end
        case .return(let node): return node.results.last?.end ?? node.returnPos + 6
        case .branch(let node): return node.label?.end ?? node.tokPos + node.tok.text.utf8.count
        case .block(let node): return node.end
        case .if(let node): return node.elseStmt?.end ?? node.body.end
        case .caseClause(let node): return node.body.last?.end ?? node.colon + 1
        case .switch(let node): return node.body.end
        case .typeSwitch(let node): return node.body.end
        case .commClause(let node): return node.body.last?.end ?? node.colon + 1
        case .select(let node): return node.body.end
        case .for(let node): return node.body.end
        case .range(let node): return node.body.end
        }
    }
}

public struct BadStmt: Sendable {
    public var start: Int
    public var end: Int
}

public struct DeclStmt: Sendable {
    public var decl: GenDecl
}

/// An explicit `;`, or an implicit one (as in `L: }`).
public struct EmptyStmt: Sendable {
    public var semicolon: Int
    public var implicit: Bool
}

public struct LabeledStmt: Sendable {
    public var label: Ident
    public var colon: Int
    public var stmt: Stmt
}

public struct ExprStmt: Sendable {
    public var x: Expr
}

public struct SendStmt: Sendable {
    public var chan: Expr
    public var arrow: Int
    public var value: Expr
}

public struct IncDecStmt: Sendable {
    public var x: Expr
    public var tokPos: Int
    public var tok: Token
}

public struct AssignStmt: Sendable {
    public var lhs: [Expr]
    public var tokPos: Int
    public var tok: Token
    public var rhs: [Expr]
}

public struct GoStmt: Sendable {
    public var goPos: Int
    public var call: CallExpr
}

public struct DeferStmt: Sendable {
    public var deferPos: Int
    public var call: CallExpr
}

public struct ReturnStmt: Sendable {
    public var returnPos: Int
    public var results: [Expr]
}

/// `break`, `continue`, `goto` or `fallthrough`, with an optional label.
public struct BranchStmt: Sendable {
    public var tokPos: Int
    public var tok: Token
    public var label: Ident?
}

public struct BlockStmt: Sendable {
    public var lbrace: Int
    public var list: [Stmt]
    /// Position of `}`, or `noPos` when it is missing.
    public var rbrace: Int

    public var end: Int {
        if rbrace != noPos { return rbrace + 1 }
        return list.last?.end ?? lbrace + 1
    }
}

public struct IfStmt: Sendable {
    public var ifPos: Int
    public var initStmt: Stmt?
    public var cond: Expr
    public var body: BlockStmt
    /// An `if` statement or a block.
    public var elseStmt: Stmt?
}

/// A `case` or `default` clause of an expression or type switch; `list` is nil for default.
public struct CaseClause: Sendable {
    public var casePos: Int
    public var list: [Expr]?
    public var colon: Int
    public var body: [Stmt]
}

public struct SwitchStmt: Sendable {
    public var switchPos: Int
    public var initStmt: Stmt?
    public var tag: Expr?
    public var body: BlockStmt
}

public struct TypeSwitchStmt: Sendable {
    public var switchPos: Int
    public var initStmt: Stmt?
    /// `x := y.(type)` or `y.(type)`.
    public var assign: Stmt
    public var body: BlockStmt
}

/// A `case` or `default` clause of a select; `comm` is nil for default.
public struct CommClause: Sendable {
    public var casePos: Int
    public var comm: Stmt?
    public var colon: Int
    public var body: [Stmt]
}

public struct SelectStmt: Sendable {
    public var selectPos: Int
    public var body: BlockStmt
}

public struct ForStmt: Sendable {
    public var forPos: Int
    public var initStmt: Stmt?
    public var cond: Expr?
    public var post: Stmt?
    public var body: BlockStmt
}

public struct RangeStmt: Sendable {
    public var forPos: Int
    public var key: Expr?
    public var value: Expr?
    /// Position of `=` or `:=`, or `noPos` for `for range x`.
    public var tokPos: Int
    /// `.assign`, `.define`, or `.illegal` when there are no iteration variables.
    public var tok: Token
    public var x: Expr
    public var body: BlockStmt
}
