/// Go's parser, written after go/parser: recursive descent over the token stream, tolerant of
/// errors (they are collected, bad nodes stand in), with go/parser's rules for what is
/// accepted. Entry point: `Parser.parse(_:)`.
public enum Parser {
    /// Deeper nesting than this is reported, as go/parser does. Independently, the parser
    /// stops with the same error when the thread's stack runs low, so that hostile input
    /// cannot crash it on a thread with a small stack.
    public static let maxNestingDepth = 100_000
    /// After this many errors parsing stops, as go/parser does.
    public static let maxErrors = 10

    /// Parses a whole file. Runs on a thread with a large stack when the caller's is small.
    public static func parse(_ source: SourceFile) -> File {
        StackGuard.withDeepStack {
            source.bytes.withUnsafeBufferPointer { buffer in
                var parser = GoParser(buffer, lineStarts: source.lineStarts)
                return parser.parseFile()
            }
        }
    }
}

extension Parser {
    /// Scans a whole file into tokens and returns the lexical errors (for benchmarks and tests).
    public static func scan(_ source: SourceFile) -> [SyntaxError] {
        source.bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer)
            while scanner.next().token != .eof {}
            return scanner.errors
        }
    }
}

struct GoParser {
    var scanner: Scanner
    let src: UnsafeBufferPointer<UInt8>
    let lineStarts: [Int]

    // The current token.
    var tok: Token = .illegal
    var pos = 0
    var litEnd = 0

    var errors: [SyntaxError] = []
    var bailedOut = false
    var lastErrorLine = -1

    var exprLev = 0      // < 0: in a control clause, >= 0: in an expression
    var inRhs = false    // in the right-hand side of an assignment or a value
    var nestLev = 0
    var syncPos = -1
    var syncCount = 0
    var imports: [ImportSpec] = []
    let stack = StackGuard()

    init(_ src: UnsafeBufferPointer<UInt8>, lineStarts: [Int]) {
        self.src = src
        self.lineStarts = lineStarts
        self.scanner = Scanner(src)
        next()
    }

    // MARK: - Tokens

    mutating func next() {
        if bailedOut {
            tok = .eof
            pos = src.count
            litEnd = pos
            return
        }
        let lexeme = scanner.next()
        tok = lexeme.token
        pos = lexeme.start
        litEnd = lexeme.end
        if !scanner.errors.isEmpty {
            for error in scanner.errors { report(error.offset, error.message) }
            scanner.errors.removeAll(keepingCapacity: true)
        }
    }

    /// The current token's text (identifier name or literal as written).
    var literal: String {
        String(decoding: UnsafeBufferPointer(rebasing: src[pos..<litEnd]), as: UTF8.self)
    }

    /// An inserted semicolon (at a newline or EOF) has an empty range.
    var atNewline: Bool { tok == .semicolon && litEnd == pos }

    // MARK: - Errors

    func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
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

    /// Like `expect`, but returns `noPos` when the token is missing.
    mutating func expectOrNoPos(_ token: Token) -> Int {
        var at = noPos
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
    mutating func enterNesting() -> Bool {
        nestLev += 1
        if nestLev > Parser.maxNestingDepth || !stack.hasRoom() {
            report(pos, "exceeded max nesting depth")
            bailOut()
            return false
        }
        return true
    }

    // MARK: - Identifiers and lists

    mutating func parseIdent() -> Ident {
        let at = pos
        if tok == .ident {
            let name = literal
            next()
            return Ident(start: at, name: name)
        }
        expect(.ident)
        return Ident(start: at, name: "_")
    }

    mutating func parseIdentList() -> [Ident] {
        var list = [parseIdent()]
        while tok == .comma {
            next()
            list.append(parseIdent())
        }
        return list
    }

    mutating func parseExprList() -> [Expr] {
        var list = [checkExpr(parseExpr())]
        while tok == .comma {
            next()
            list.append(checkExpr(parseExpr()))
        }
        return list
    }

    mutating func parseList(inRhs: Bool) -> [Expr] {
        let old = self.inRhs
        self.inRhs = inRhs
        let list = parseExprList()
        self.inRhs = old
        return list
    }

    // MARK: - File

    mutating func parseFile() -> File {
        let packagePos = expect(.package)
        let name = parseIdent()
        expectSemi()
        var decls: [Decl] = []
        if errors.isEmpty {
            while tok == .import {
                decls.append(.gen(parseGenDecl(.import)))
            }
            while tok != .eof {
                decls.append(parseDecl(sync: GoParser.declarationStart))
            }
        }
        return File(packagePos: packagePos, name: name, decls: decls, imports: imports,
                    comments: scanner.comments, errors: errors.sorted { $0.offset < $1.offset })
    }
}
