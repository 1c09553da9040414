/// Go's parser, written after go/parser: recursive descent over the token stream, tolerant of
/// errors (they are collected, bad nodes stand in), with go/parser's rules for what is
/// accepted. It builds a `SyntaxTree`, whose nodes live in flat arrays.
public enum Parser {
    /// Deeper nesting than this is reported, as go/parser does. Independently, the parser
    /// stops with the same error when the thread's stack runs low, so that hostile input
    /// cannot crash it on a thread with a small stack.
    public static let maxNestingDepth = 100_000
    /// After this many errors parsing stops, as go/parser does.
    public static let maxErrors = 10
    /// Offsets are 32-bit: larger files are refused with an error.
    public static let maxFileSize = Int(Int32.max) - 1

    /// Parses a whole file. Runs on a thread with a large stack when the caller's is small.
    public static func parse(_ source: SourceFile) -> SyntaxTree {
        guard source.bytes.count <= maxFileSize else {
            let error = SyntaxError(offset: 0, message: "file too large (\(source.bytes.count) bytes; at most \(maxFileSize))")
            let record = NodeRecord(kind: .file, start: 0, end: 0)
            return SyntaxTree(source: source, nodes: FlatBuffer([record]), lists: FlatBuffer([0]), listedNodes: FlatBuffer(capacity: 0),
                              kindsPresent: 1 << NodeKind.file.rawValue, root: Node(0), comments: [], errors: [error])
        }
        return StackGuard.withDeepStack {
            source.bytes.withUnsafeBufferPointer { buffer in
                var parser = GoParser(buffer, source: source)
                return parser.parseFile(source)
            }
        }
    }

    /// Scans a whole file into tokens and returns the lexical errors (for benchmarks and tests).
    public static func scan(_ source: SourceFile) -> [SyntaxError] {
        source.bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer)
            while scanner.next().token != .eof {}
            return scanner.errors
        }
    }
}

/// A stack of node references that never gives its storage back while a file is parsed
/// (the parser frees it at the end).
struct ScratchStack {
    private var items = FlatBuffer<Int32>(capacity: 256)
    private(set) var count = 0

    @inline(__always) mutating func append(_ item: Int32) {
        if count == items.count { items.append(item) } else { items[count] = item }
        count += 1
    }

    @inline(__always) mutating func removeLast() -> Int32 {
        count -= 1
        return items[count]
    }

    subscript(index: Int) -> Int32 {
        get { items[index] }
        set { items[index] = newValue }
    }

    /// Pops the items from `mark` on.
    mutating func truncate(to mark: Int) { count = mark }

    /// Appends the items from `mark` on to `list`, which has room for them, and pops them.
    @inline(__always) mutating func move(from mark: Int, into list: inout FlatBuffer<Int32>) {
        // most lists hold one to three items: a loop beats a call to memcpy
        var index = mark
        while index < count {
            list.appendUnchecked(items[index])
            index &+= 1
        }
        count = mark
    }

    func deallocate() { items.deallocate() }
}

/// A node under construction: an index into `GoParser.nodes`, or `none`.
typealias Ref = Int32
let none: Ref = -1

struct GoParser {
    var scanner: Scanner
    let src: UnsafeBufferPointer<UInt8>
    /// For the lines of errors (their line starts are made only when there is an error).
    let source: SourceFile

    // The current token.
    var tok: Token = .illegal
    var pos = 0
    var litEnd = 0

    // The tree being built.
    var nodes: FlatBuffer<NodeRecord>
    var lists: FlatBuffer<Int32>
    /// One bit per node kind made so far, so rules can ask "any of these?" for free.
    var kindsPresent: UInt64 = 0
    /// The nodes of the kinds `NodeKind.isListedByParser` names, in the order they were made.
    var listedNodes: FlatBuffer<Int32>
    /// Items of lists still being parsed (a stack: inner lists finish first).
    var scratch = ScratchStack()

    var errors: [SyntaxError] = []
    var bailedOut = false
    var lastErrorLine = -1

    var exprLev = 0      // < 0: in a control clause, >= 0: in an expression
    var inRhs = false    // in the right-hand side of an assignment or a value
    var nestLev = 0
    var syncPos = -1
    var syncCount = 0
    let stack = StackGuard()

    init(_ src: UnsafeBufferPointer<UInt8>, source: SourceFile) {
        self.src = src
        self.source = source
        self.scanner = Scanner(src)
        nodes = FlatBuffer(capacity: src.count / 5 + 16)
        lists = FlatBuffer(capacity: src.count / 10 + 16)
        listedNodes = FlatBuffer(capacity: src.count / 200 + 16)
        next()
    }

    // MARK: - Building nodes

    @inline(__always)
    mutating func add(_ kind: NodeKind, _ start: Int, _ end: Int, a: Ref = none, b: Ref = none, c: Ref = none,
                      d: Ref = none, e: Ref = none, op: UInt8 = 0, flag: Bool = false) -> Ref {
        kindsPresent |= 1 << kind.rawValue
        let ref = Ref(nodes.count)
        nodes.append(NodeRecord(kind: kind, op: op, flag: flag, start: Int32(truncatingIfNeeded: start),
                                end: Int32(truncatingIfNeeded: end), a: a, b: b, c: c, d: d, e: e))
        if kind.isListedByParser { listedNodes.append(ref) }  // decided at compile time for a constant kind
        return ref
    }

    @inline(__always) func kind(_ ref: Ref) -> NodeKind { nodes[Int(ref)].kind }
    @inline(__always) func start(_ ref: Ref) -> Int { Int(nodes[Int(ref)].start) }
    @inline(__always) func end(_ ref: Ref) -> Int { Int(nodes[Int(ref)].end) }

    /// Stores a finished list and returns its slot value.
    mutating func makeList(_ items: [Ref]) -> Int32 {
        let base = Int32(lists.count)
        lists.append(Int32(items.count))
        items.withUnsafeBufferPointer { lists.append($0) }
        return base
    }

    /// A list of one item (no array made for it).
    mutating func makeList(one item: Ref) -> Int32 {
        let base = Int32(lists.count)
        lists.append(1)
        lists.append(item)
        return base
    }

    /// Moves the items pushed on `scratch` since `mark` into a list.
    mutating func finishList(from mark: Int) -> Int32 {
        let count = scratch.count &- mark
        let base = Int32(truncatingIfNeeded: lists.count)
        lists.reserve(count &+ 1)  // once, for the count and the items
        lists.appendUnchecked(Int32(truncatingIfNeeded: count))
        scratch.move(from: mark, into: &lists)
        return base
    }

    func listCount(_ list: Int32) -> Int { Int(lists[Int(list)]) }
    func listItem(_ list: Int32, _ index: Int) -> Ref { lists[Int(list) + 1 + index] }
    func listItems(_ list: Int32) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: lists.elements[(Int(list) + 1)..<(Int(list) + 1 + listCount(list))])
    }

    mutating func bad(_ start: Int, _ end: Int) -> Ref { add(.badExpr, start, end) }
    mutating func badStmt(_ start: Int, _ end: Int) -> Ref { add(.badStmt, start, end) }

    /// The expression with any parentheses removed (a paren node keeps its innermost
    /// expression, so this is one step however deep the parentheses go).
    @inline(__always) func unparen(_ ref: Ref) -> Ref {
        kind(ref) == .parenExpr ? nodes[Int(ref)].b : ref
    }

    mutating func makeParen(_ lparen: Int, _ x: Ref, _ rparen: Int) -> Ref {
        add(.parenExpr, lparen, rparen + 1, a: x, b: unparen(x))
    }

    // MARK: - Tokens

    /// Inlined, with the rare paths out of line: it runs once per token.
    @inline(__always) mutating func next() {
        if bailedOut {
            stayAtEnd()
            return
        }
        let lexeme = scanner.next()
        tok = lexeme.token
        pos = lexeme.start
        litEnd = lexeme.end
        if !scanner.errors.isEmpty { reportScannerErrors() }
    }

    @inline(never) mutating func stayAtEnd() {
        tok = .eof
        pos = src.count
        litEnd = pos
    }

    @inline(never) mutating func reportScannerErrors() {
        for error in scanner.errors { report(error.offset, error.message) }
        scanner.errors.removeAll(keepingCapacity: true)
    }

    /// The current token's text (identifier name or literal as written).
    var literal: String {
        String(decoding: UnsafeBufferPointer(rebasing: src[pos..<litEnd]), as: UTF8.self)
    }

    /// An inserted semicolon (at a newline or EOF) has an empty range.
    var atNewline: Bool { tok == .semicolon && litEnd == pos }

    // MARK: - Errors

    /// The 0-based line of an offset.
    func line(of offset: Int) -> Int {
        source.position(of: offset).line - 1
    }

    mutating func report(_ offset: Int, _ message: String) {
        if bailedOut { return }
        let errorLine = line(of: offset)
        // Like go/parser: one error a line (the rest are likely spurious), and a cap.
        if !errors.isEmpty && errorLine == lastErrorLine { return }
        if errors.count > Parser.maxErrors {
            bailOut()
            return
        }
        lastErrorLine = errorLine
        errors.append(SyntaxError(offset: offset, message: message))
    }

    mutating func bailOut() {
        bailedOut = true
        tok = .eof
        pos = src.count
        litEnd = pos
    }

    mutating func errorExpected(_ offset: Int, _ what: String) {
        var message = "expected " + what
        if offset == pos {
            if atNewline {
                message += ", found newline"
            } else if tok.isLiteral {
                message += ", found " + literal
            } else {
                message += ", found '" + tok.text + "'"
            }
        }
        report(offset, message)
    }

    @discardableResult
    mutating func expect(_ token: Token) -> Int {
        let at = pos
        if tok != token { errorExpected(at, "'" + token.text + "'") }
        next()
        return at
    }

    /// Like `expect`, but returns -1 when the token is missing.
    mutating func expectOrNone(_ token: Token) -> Int {
        var at = -1
        if tok == token { at = pos } else { errorExpected(pos, "'" + token.text + "'") }
        next()
        return at
    }

    mutating func expectClosing(_ token: Token, _ context: String) -> Int {
        if tok != token && atNewline {
            report(pos, "missing ',' before newline in " + context)
            next()
        }
        return expect(token)
    }

    mutating func expectSemi() {
        guard tok != .rparen && tok != .rbrace else { return }
        switch tok {
        case .comma:
            errorExpected(pos, "';'")
            next()
        case .semicolon:
            next()
        default:
            errorExpected(pos, "';'")
            advance(to: GoParser.statementStart)
        }
    }

    mutating func atComma(_ context: String, _ follow: Token) -> Bool {
        if tok == .comma { return true }
        if tok != follow {
            var message = "missing ','"
            if atNewline { message += " before newline" }
            report(pos, message + " in " + context)
            return true  // "insert" the comma and continue
        }
        return false
    }

    static let statementStart: Set<Token> = [.break, .const, .continue, .defer, .fallthrough, .for,
                                             .go, .goto, .if, .return, .select, .switch, .type, .var]
    static let declarationStart: Set<Token> = [.const, .type, .var]
    static let expressionEnd: Set<Token> = [.comma, .colon, .semicolon, .rparen, .rbrack, .rbrace]

    /// Skips to the next token in `set`, at most ten times to the same place (go/parser's sync).
    mutating func advance(to set: Set<Token>) {
        while tok != .eof {
            if set.contains(tok) {
                if pos == syncPos && syncCount < 10 {
                    syncCount += 1
                    return
                }
                if pos > syncPos {
                    syncPos = pos
                    syncCount = 0
                    return
                }
            }
            next()
        }
    }

    /// Enters one level of nesting; false (after reporting) when the limit is reached.
    @inline(__always) mutating func enterNesting() -> Bool {
        nestLev += 1
        if nestLev > Parser.maxNestingDepth || !stack.hasRoom() { return tooDeep() }
        return true
    }

    @inline(never) mutating func tooDeep() -> Bool {
        report(pos, "exceeded max nesting depth")
        bailOut()
        return false
    }

    // MARK: - Identifiers and lists

    mutating func parseIdent() -> Ref {
        let at = pos
        if tok == .ident {
            let end = litEnd
            next()
            return add(.ident, at, end)
        }
        expect(.ident)
        return underscore(at)
    }

    /// A `_` standing in for a missing identifier (it has no text of its own).
    mutating func underscore(_ at: Int) -> Ref {
        add(.ident, at, at + 1, flag: true)
    }

    mutating func parseIdentList() -> Int32 {
        let mark = scratch.count
        scratch.append(parseIdent())
        while tok == .comma {
            next()
            scratch.append(parseIdent())
        }
        return finishList(from: mark)
    }

    mutating func parseExprList() -> Int32 {
        let mark = scratch.count
        scratch.append(checkExpr(parseExpr()))
        while tok == .comma {
            next()
            scratch.append(checkExpr(parseExpr()))
        }
        return finishList(from: mark)
    }

    mutating func parseList(inRhs: Bool) -> Int32 {
        let old = self.inRhs
        self.inRhs = inRhs
        let list = parseExprList()
        self.inRhs = old
        return list
    }

    // MARK: - File

    mutating func parseFile(_ source: SourceFile) -> SyntaxTree {
        let packagePos = expect(.package)
        let name = parseIdent()
        expectSemi()
        let mark = scratch.count
        if errors.isEmpty {
            while tok == .import {
                scratch.append(parseGenDecl(.import))
            }
            while tok != .eof {
                scratch.append(parseDecl(sync: GoParser.declarationStart))
            }
        }
        let lastEnd = scratch.count > mark ? end(scratch[scratch.count - 1]) : end(name)
        let decls = finishList(from: mark)
        scratch.deallocate()
        let root = add(.file, packagePos, lastEnd, a: name, b: decls)
        return SyntaxTree(source: source, nodes: nodes, lists: lists, listedNodes: listedNodes, kindsPresent: kindsPresent, root: Node(root),
                          comments: scanner.comments, errors: errors.sorted { $0.offset < $1.offset })
    }
}
