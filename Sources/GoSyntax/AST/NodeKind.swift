/// The kinds of syntax node, named after go/ast's node types.
///
/// Every node has a start and an end offset and up to five slots (`a` … `e`) whose meaning
/// depends on the kind, as listed here. A slot holds a child node, a byte offset, or a list
/// (an index into the tree's list storage); `-1` marks an absent child or token. Positions
/// not listed are implied: a `(`, `[` or `{` that opens a node is its start, and a closing
/// one is its end minus one.
public enum NodeKind: UInt8, BitwiseCopyable, Sendable, CaseIterable {
    // Expressions and types
    case badExpr          // —
    case ident            // — (the name is the node's text)
    case basicLit         // op: LiteralKind (the value is the node's text)
    case compositeLit     // a: type?, b: lbrace, c: elements (list)
    case funcLit          // a: funcType, b: body
    case parenExpr        // a: x, b: x without any parentheses
    case selectorExpr     // a: x, b: selector (ident)
    case indexExpr        // a: x, b: lbrack, c: indices (list; more than one: go/ast's IndexListExpr)
    case sliceExpr        // a: x, b: lbrack, c: low?, d: high?, e: max?, flag: 3-index slice
    case typeAssertExpr   // a: x, b: lparen, c: type? (nil for .(type))
    case callExpr         // a: fun, b: lparen, c: args (list), d: ellipsis offset or -1
    case starExpr         // a: x
    case unaryExpr        // a: x, op: operator token
    case binaryExpr       // a: x, b: y, c: operator offset, op: operator token
    case keyValueExpr     // a: key, b: value, c: colon
    case ellipsis         // a: element type?
    case arrayType        // a: length? (an ellipsis for [...]T), b: element type
    case structType       // a: fields (fieldList)
    case funcType         // a: func offset or -1, b: type parameters (fieldList)?, c: params (fieldList), d: results (fieldList)?
    case interfaceType    // a: methods (fieldList)
    case mapType          // a: key, b: value
    case chanType         // a: value, b: arrow offset or -1, op: ChanDirection

    // Parts of types
    case field            // a: names (list), b: type?, c: tag (basicLit)?
    case fieldList        // a: opening offset or -1, b: fields (list), c: closing offset or -1

    // Statements
    case badStmt          // —
    case declStmt         // a: genDecl
    case emptyStmt        // flag: implicit (a newline or a closing brace, not a `;`)
    case labeledStmt      // a: label (ident), b: statement, c: colon
    case exprStmt         // a: x
    case sendStmt         // a: channel, b: value, c: arrow
    case incDecStmt       // a: x, b: operator offset, op: ++ or --
    case assignStmt       // a: lhs (list), b: rhs (list), c: operator offset, op: operator token
    case goStmt           // a: call (callExpr)
    case deferStmt        // a: call (callExpr)
    case returnStmt       // a: results (list)
    case branchStmt       // a: label (ident)?, op: break, continue, goto or fallthrough
    case blockStmt        // a: statements (list), b: rbrace offset or -1
    case ifStmt           // a: init?, b: condition, c: body (blockStmt), d: else (ifStmt or blockStmt)?
    case caseClause       // a: expressions (list), b: body (list), c: colon, flag: default
    case switchStmt       // a: init?, b: tag?, c: body (blockStmt of caseClauses)
    case typeSwitchStmt   // a: init?, b: assign (`x := y.(type)` or `y.(type)`), c: body
    case commClause       // a: communication?, b: body (list), c: colon (no communication: default)
    case selectStmt       // a: body (blockStmt of commClauses)
    case forStmt          // a: init?, b: condition?, c: post?, d: body
    case rangeStmt        // a: key?, b: value?, c: x, d: body, e: operator offset or -1, op: = or := or illegal

    // Declarations
    case importSpec       // a: name (ident)?, b: path (basicLit)
    case valueSpec        // a: names (list), b: type?, c: values (list)
    case typeSpec         // a: name, b: type parameters (fieldList)?, c: assign offset or -1, d: type
    case badDecl          // —
    case genDecl          // a: specs (list), b: lparen offset or -1, c: rparen offset or -1, op: import, const, type or var
    case funcDecl         // a: receiver (fieldList)?, b: name, c: type (funcType), d: body?
    case file             // a: package name, b: declarations (list)

    public var isExpression: Bool { rawValue <= NodeKind.chanType.rawValue }
    public var isStatement: Bool { rawValue >= NodeKind.badStmt.rawValue && rawValue <= NodeKind.rangeStmt.rawValue }

    /// Kinds the parser lists as it makes them, so that finding every node of one is a pass
    /// over that short list rather than over the whole tree. Rules ask for these on almost
    /// every file, and they are a few percent of the nodes (statements and declarations), so
    /// listing them costs the parser little. Common kinds (calls, identifiers) are not listed.
    @inline(__always) var isListedByParser: Bool {
        switch self {
        case .funcDecl, .funcLit, .forStmt, .rangeStmt, .deferStmt, .goStmt, .selectStmt, .commClause,
             .sendStmt, .assignStmt, .valueSpec, .importSpec, .blockStmt:
            return true
        default:
            return false
        }
    }
}

public enum LiteralKind: UInt8, Sendable {
    case int, float, imag, char, string
}

public enum ChanDirection: UInt8, Sendable {
    case both, send, receive
}
