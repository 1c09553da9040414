extension SyntaxTree {
    /// The node's children in go/ast.Walk order (comments are kept apart, in `comments`).
    public func children(_ node: Node) -> [Node] {
        var result: [Node] = []
        forEachChild(node) { result.append($0) }
        return result
    }

    /// Calls `body` with each child of `node`, in go/ast.Walk order.
    @inline(__always)
    public func forEachChild(_ node: Node, _ body: (Node) -> Void) {
        let nodes = storage.nodes
        let lists = storage.lists
        SyntaxTree.forEachChild(of: nodes[Int(node.index)], lists: lists, body)
    }

    /// The children of one record, read straight from the storage.
    @inline(__always)
    static func forEachChild(of r: NodeRecord, lists: UnsafeBufferPointer<Int32>, _ body: (Node) -> Void) {
        @inline(__always) func one(_ value: Int32) { if value >= 0 { body(Node(value)) } }
        @inline(__always) func many(_ value: Int32) {
            guard value >= 0 else { return }
            let base = Int(value)
            let count = Int(lists[base])
            var index = 0
            while index < count {
                body(Node(lists[base + 1 + index]))
                index += 1
            }
        }
        switch r.kind {
        case .badExpr, .ident, .basicLit, .badStmt, .emptyStmt, .badDecl:
            break
        case .compositeLit: one(r.a); many(r.c)
        case .funcLit: one(r.a); one(r.b)
        case .parenExpr, .starExpr, .unaryExpr, .ellipsis, .structType, .interfaceType,
             .declStmt, .exprStmt, .goStmt, .deferStmt, .selectStmt, .chanType:
            one(r.a)
        case .selectorExpr, .binaryExpr, .keyValueExpr, .mapType, .arrayType, .sendStmt:
            one(r.a); one(r.b)
        case .indexExpr: one(r.a); many(r.c)
        case .sliceExpr: one(r.a); one(r.c); one(r.d); one(r.e)
        case .typeAssertExpr: one(r.a); one(r.c)
        case .callExpr: one(r.a); many(r.c)
        case .funcType: one(r.b); one(r.c); one(r.d)
        case .field: many(r.a); one(r.b); one(r.c)
        case .fieldList: many(r.b)
        case .labeledStmt: one(r.a); one(r.b)
        case .incDecStmt: one(r.a)
        case .assignStmt: many(r.a); many(r.b)
        case .returnStmt: many(r.a)
        case .branchStmt: one(r.a)
        case .blockStmt: many(r.a)
        case .ifStmt: one(r.a); one(r.b); one(r.c); one(r.d)
        case .caseClause: many(r.a); many(r.b)
        case .switchStmt, .typeSwitchStmt: one(r.a); one(r.b); one(r.c)
        case .commClause: one(r.a); many(r.b)
        case .forStmt, .rangeStmt: one(r.a); one(r.b); one(r.c); one(r.d)
        case .importSpec: one(r.a); one(r.b)
        case .valueSpec: many(r.a); one(r.b); many(r.c)
        case .typeSpec: one(r.a); one(r.b); one(r.d)
        case .genDecl: many(r.a)
        case .funcDecl: one(r.a); one(r.b); one(r.c); one(r.d)
        case .file: one(r.a); many(r.b)
        }
    }

    /// An identifier's name (`_` for one the parser made up for a missing name).
    public func name(_ ident: Node) -> String {
        record(ident).flag ? "_" : text(ident)
    }

    /// A literal's value as written (a raw string without carriage returns, as go/scanner
    /// gives it; its end offset leaves them out too).
    public func literalValue(_ literal: Node) -> String {
        let r = record(literal)
        let bytes = source.bytes
        let start = Int(r.start)
        guard start < bytes.count, bytes[start] == UInt8(ascii: "`") else { return text(literal) }
        var value: [UInt8] = [bytes[start]]
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte != UInt8(ascii: "\r") { value.append(byte) }
            index += 1
            if byte == UInt8(ascii: "`") { break }
        }
        return String(decoding: value, as: UTF8.self)
    }

    public func literalKind(_ literal: Node) -> LiteralKind { LiteralKind(rawValue: record(literal).op) ?? .string }
    public func chanDirection(_ chan: Node) -> ChanDirection { ChanDirection(rawValue: record(chan).op) ?? .both }
    /// The node's boolean mark: slice3, implicit empty statement, default case clause, made-up identifier.
    public func flag(_ node: Node) -> Bool { record(node).flag }
    public func e(_ node: Node) -> Node? { child(record(node).e) }
    /// A slot holding an offset (see NodeKind), or nil when that token is absent.
    public func offset(_ node: Node, slot: NodeSlot) -> Int? {
        offset(slot.value(in: record(node)))
    }
    /// A slot holding a list (see NodeKind).
    public func list(_ node: Node, slot: NodeSlot) -> NodeList {
        list(slot.value(in: record(node)))
    }
}

/// Names a node's raw slot, for `SyntaxTree.offset(_:slot:)` and `list(_:slot:)`: a switch,
/// where a key path would cost a runtime lookup on every list a rule reads.
public enum NodeSlot: Sendable {
    case a, b, c, d, e

    @inline(__always) func value(in record: NodeRecord) -> Int32 {
        switch self {
        case .a: record.a
        case .b: record.b
        case .c: record.c
        case .d: record.d
        case .e: record.e
        }
    }
}
