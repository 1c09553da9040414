extension GoParser {
    /// The current literal's text; raw strings lose their carriage returns, as in go/scanner.
    func literalValue() -> String {
        let bytes = UnsafeBufferPointer(rebasing: src[pos..<litEnd])
        if tok == .string, bytes.first == UInt8(ascii: "`"), bytes.contains(UInt8(ascii: "\r")) {
            return String(decoding: bytes.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func literalKind(_ token: Token) -> LiteralKind {
        switch token {
        case .int: return .int
        case .float: return .float
        case .imag: return .imag
        case .char: return .char
        default: return .string
        }
    }

    mutating func parseFuncTypeOrLit() -> Expr {
        let type = parseFuncType()
        guard tok == .lbrace else { return .funcType(type) }
        exprLev += 1
        let body = parseBody()
        exprLev -= 1
        return .funcLit(FuncLit(type: type, body: body))
    }

    mutating func parseOperand() -> Expr {
        switch tok {
        case .ident:
            return .ident(parseIdent())
        case .int, .float, .imag, .char, .string:
            let literal = BasicLit(start: pos, kind: GoParser.literalKind(tok), value: literalValue())
            next()
            return .basicLit(literal)
        case .lparen:
            let lparen = pos
            next()
            exprLev += 1
            let x = parseRhsOrType()  // types may be parenthesized: (some type)
            exprLev -= 1
            let rparen = expect(.rparen)
            return .paren(ParenExpr(lparen: lparen, x: x, rparen: rparen))
        case .func:
            return parseFuncTypeOrLit()
        default:
            break
        }
        if let type = tryIdentOrType() { return type }
        let at = pos
        errorExpected(at, "operand")
        advance(to: GoParser.statementStart)
        return .bad(BadExpr(start: at, end: pos))
    }

    mutating func parseTypeAssertion(_ x: Expr) -> Expr {
        let lparen = expect(.lparen)
        var type: Expr?
        if tok == .type {
            next()  // x.(type) in a type switch
        } else {
            type = parseType()
        }
        let rparen = expect(.rparen)
        return .typeAssert(TypeAssertExpr(x: x, lparen: lparen, type: type, rparen: rparen))
    }

    mutating func parseIndexOrSliceOrInstance(_ x: Expr) -> Expr {
        let lbrack = expect(.lbrack)
        if tok == .rbrack {
            errorExpected(pos, "operand")
            let rbrack = pos
            next()
            return .index(IndexExpr(x: x, lbrack: lbrack, indices: [.bad(BadExpr(start: rbrack, end: rbrack))], rbrack: rbrack))
        }
        exprLev += 1
        var index: [Expr?] = [nil, nil, nil]
        var colons = [noPos, noPos]
        var args: [Expr] = []
        if tok != .colon {
            index[0] = parseRhsOrType()
        }
        var colonCount = 0
        if tok == .colon {
            while tok == .colon && colonCount < 2 {
                colons[colonCount] = pos
                colonCount += 1
                next()
                if tok != .colon && tok != .rbrack && tok != .eof {
                    index[colonCount] = parseRhs()
                }
            }
        } else if tok == .comma {
            args.append(index[0]!)
            while tok == .comma {
                next()
                if tok != .rbrack && tok != .eof { args.append(parseType()) }
            }
        }
        exprLev -= 1
        let rbrack = expect(.rbrack)
        if colonCount > 0 {
            var slice3 = false
            if colonCount == 2 {
                slice3 = true
                if index[1] == nil {
                    report(colons[0], "2nd index required in 3-index slice")
                    index[1] = .bad(BadExpr(start: colons[0] + 1, end: colons[1]))
                }
                if index[2] == nil {
                    report(colons[1], "3rd index required in 3-index slice")
                    index[2] = .bad(BadExpr(start: colons[1] + 1, end: rbrack))
                }
            }
            return .slice(SliceExpr(x: x, lbrack: lbrack, low: index[0], high: index[1], max: index[2], slice3: slice3, rbrack: rbrack))
        }
        if args.isEmpty {
            return .index(IndexExpr(x: x, lbrack: lbrack, indices: [index[0]!], rbrack: rbrack))
        }
        return .index(IndexExpr(x: x, lbrack: lbrack, indices: args, rbrack: rbrack))
    }

    mutating func parseCallOrConversion(_ fun: Expr) -> CallExpr {
        let lparen = expect(.lparen)
        exprLev += 1
        var args: [Expr] = []
        var ellipsis = noPos
        while tok != .rparen && tok != .eof && ellipsis == noPos {
            args.append(parseRhsOrType())  // builtins may take a type: make(T, n)
            if tok == .ellipsis {
                ellipsis = pos
                next()
            }
            if !atComma("argument list", .rparen) { break }
            next()
        }
        exprLev -= 1
        let rparen = expectClosing(.rparen, "argument list")
        return CallExpr(fun: fun, lparen: lparen, args: args, ellipsis: ellipsis, rparen: rparen)
    }

    mutating func parseValue() -> Expr {
        if tok == .lbrace { return parseLiteralValue(nil) }
        return checkExpr(parseExpr())
    }

    mutating func parseElement() -> Expr {
        let x = parseValue()
        if tok == .colon {
            let colon = pos
            next()
            return .keyValue(KeyValueExpr(key: x, colon: colon, value: parseValue()))
        }
        return x
    }

    mutating func parseLiteralValue(_ type: Expr?) -> Expr {
        guard enterNesting() else { return .bad(BadExpr(start: pos, end: pos)) }
        defer { nestLev -= 1 }
        let lbrace = expect(.lbrace)
        var elts: [Expr] = []
        exprLev += 1
        while tok != .rbrace && tok != .eof {
            elts.append(parseElement())
            if !atComma("composite literal", .rbrace) { break }
            next()
        }
        exprLev -= 1
        let rbrace = expectClosing(.rbrace, "composite literal")
        return .compositeLit(CompositeLit(type: type, lbrace: lbrace, elts: elts, rbrace: rbrace))
    }

    /// An expression that must be a value, not a type.
    mutating func checkExpr(_ x: Expr) -> Expr {
        switch x.unparenthesized {
        case .bad, .ident, .basicLit, .funcLit, .compositeLit, .selector, .index, .slice,
             .typeAssert, .call, .star, .unary, .binary:
            return x
        default:
            errorExpected(x.start, "expression")
            return .bad(BadExpr(start: x.start, end: min(x.end, src.count)))
        }
    }

    /// An expression or a type, but not `[...]T` outside a composite literal.
    mutating func checkExprOrType(_ x: Expr) -> Expr {
        if case .arrayType(let array) = x.unparenthesized, let length = array.len, case .ellipsis = length {
            report(length.start, "expected array length, found '...'")
            return .bad(BadExpr(start: x.start, end: min(x.end, src.count)))
        }
        return x
    }

    mutating func parsePrimaryExpr(_ operand: Expr?) -> Expr {
        var x = operand ?? parseOperand()
        var depth = 0
        defer { nestLev -= depth }
        while true {
            depth += 1
            guard enterNesting() else { return x }
            switch tok {
            case .period:
                next()
                switch tok {
                case .ident:
                    x = .selector(SelectorExpr(x: checkExprOrType(x), sel: parseIdent()))
                case .lparen:
                    x = parseTypeAssertion(checkExpr(x))
                default:
                    let at = pos
                    errorExpected(at, "selector or type assertion")
                    if tok != .rbrace { next() }
                    x = .selector(SelectorExpr(x: x, sel: Ident(start: at, name: "_")))
                }
            case .lbrack:
                x = parseIndexOrSliceOrInstance(checkExpr(x))
            case .lparen:
                x = .call(parseCallOrConversion(checkExprOrType(x)))
            case .lbrace:
                // a composite literal, if what came before can be its type
                let type = x.unparenthesized
                switch type {
                case .bad, .ident, .selector, .index:
                    if exprLev < 0 { return x }
                case .arrayType, .structType, .mapType:
                    break
                default:
                    return x
                }
                if case .paren = x {
                    report(type.start, "cannot parenthesize type in composite literal")
                }
                x = parseLiteralValue(x)
            default:
                return x
            }
        }
    }

    mutating func parseUnaryExpr() -> Expr {
        guard enterNesting() else { return .bad(BadExpr(start: pos, end: pos)) }
        defer { nestLev -= 1 }
        switch tok {
        case .add, .sub, .not, .xor, .and, .tilde:
            let opPos = pos
            let op = tok
            next()
            let x = parseUnaryExpr()
            return .unary(UnaryExpr(opPos: opPos, op: op, x: checkExpr(x)))
        case .arrow:
            let arrow = pos
            next()
            let x = parseUnaryExpr()
            if case .chanType(let chan) = x {
                return receiveChannelType(arrow: arrow, chan)
            }
            return .unary(UnaryExpr(opPos: arrow, op: .arrow, x: checkExpr(x)))
        case .mul:
            let star = pos
            next()
            let x = parseUnaryExpr()
            return .star(StarExpr(star: star, x: checkExprOrType(x)))
        default:
            return parsePrimaryExpr(nil)
        }
    }

    /// `<-` before a channel type: `<-chan T`, re-associating `<-chan chan T` and friends
    /// the way go/parser does (`<-chan<- T` is an error).
    mutating func receiveChannelType(arrow: Int, _ outer: ChanType) -> Expr {
        var chain = [outer]
        var arrow = arrow
        var dir = ChanDirection.send
        var index = 0
        while index < chain.count && dir == .send {
            var type = chain[index]
            if type.dir == .receive { errorExpected(type.arrow, "'chan'") }
            let oldArrow = type.arrow
            type.begin = arrow
            type.arrow = arrow
            arrow = oldArrow
            dir = type.dir
            type.dir = .receive
            chain[index] = type
            index += 1
            if dir == .send, case .chanType(let inner) = type.value { chain.append(inner) }
        }
        if dir == .send { errorExpected(arrow, "channel type") }
        let modified = min(index, chain.count)
        if modified >= 2 {
            for level in stride(from: modified - 2, through: 0, by: -1) {
                chain[level].value = .chanType(chain[level + 1])
            }
        }
        return .chanType(chain[0])
    }

    mutating func parseBinaryExpr(_ left: Expr?, _ minPrecedence: Int, check: Bool) -> Expr {
        var x = left ?? parseUnaryExpr()
        var depth = 0
        defer { nestLev -= depth }
        while true {
            depth += 1
            guard enterNesting() else { return x }
            let op = tok
            let precedence = op.precedence
            if precedence < minPrecedence { return x }
            let opPos = expect(op)
            var y = parseBinaryExpr(nil, precedence + 1, check: check)
            if check {
                x = checkExpr(x)
                y = checkExpr(y)
            }
            x = .binary(BinaryExpr(x: x, opPos: opPos, op: op, y: y))
        }
    }

    mutating func parseExpr() -> Expr {
        parseBinaryExpr(nil, 1, check: true)
    }

    mutating func parseRhs() -> Expr {
        let old = inRhs
        inRhs = true
        let x = checkExpr(parseExpr())
        inRhs = old
        return x
    }

    mutating func parseRhsOrType() -> Expr {
        let old = inRhs
        inRhs = true
        let x = checkExprOrType(parseExpr())
        inRhs = old
        return x
    }
}
