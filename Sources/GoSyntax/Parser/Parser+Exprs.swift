extension GoParser {
    /// The current literal as a node (its value is its text; a raw string's carriage returns
    /// do not count toward its end, as go/scanner drops them).
    mutating func basicLit() -> Ref {
        var literalEnd = litEnd
        if tok == .string && src[pos] == UInt8(ascii: "`") {
            for index in pos..<litEnd where src[index] == UInt8(ascii: "\r") { literalEnd -= 1 }
        }
        let kind: LiteralKind
        switch tok {
        case .int: kind = .int
        case .float: kind = .float
        case .imag: kind = .imag
        case .char: kind = .char
        default: kind = .string
        }
        let node = add(.basicLit, pos, literalEnd, op: kind.rawValue)
        next()
        return node
    }

    mutating func parseFuncTypeOrLit() -> Ref {
        let type = parseFuncType()
        guard tok == .lbrace else { return type }
        exprLev += 1
        let body = parseBody()
        exprLev -= 1
        return add(.funcLit, start(type), end(body), a: type, b: body)
    }

    mutating func parseOperand() -> Ref {
        switch tok {
        case .ident:
            return parseIdent()
        case .int, .float, .imag, .char, .string:
            return basicLit()
        case .lparen:
            let lparen = pos
            next()
            exprLev += 1
            let x = parseRhsOrType()  // types may be parenthesized: (some type)
            exprLev -= 1
            let rparen = expect(.rparen)
            return makeParen(lparen, x, rparen)
        case .func:
            return parseFuncTypeOrLit()
        default:
            break
        }
        let type = tryIdentOrType()
        if type != none { return type }
        let at = pos
        errorExpected(at, "operand")
        advance(to: GoParser.statementStart)
        return bad(at, pos)
    }

    mutating func parseTypeAssertion(_ x: Ref) -> Ref {
        let lparen = expect(.lparen)
        var type = none
        if tok == .type {
            next()  // x.(type) in a type switch
        } else {
            type = parseType()
        }
        let rparen = expect(.rparen)
        return add(.typeAssertExpr, start(x), rparen + 1, a: x, b: Ref(lparen), c: type)
    }

    mutating func parseIndexOrSliceOrInstance(_ x: Ref) -> Ref {
        let lbrack = expect(.lbrack)
        if tok == .rbrack {
            errorExpected(pos, "operand")
            let rbrack = pos
            next()
            let index = bad(rbrack, rbrack)
            return add(.indexExpr, start(x), rbrack + 1, a: x, b: Ref(lbrack), c: makeList(one: index))
        }
        exprLev += 1
        var index = (none, none, none)
        var colons = (-1, -1)
        var colonCount = 0
        let mark = scratch.count
        if tok != .colon {
            index.0 = parseRhsOrType()
        }
        if tok == .colon {
            while tok == .colon && colonCount < 2 {
                if colonCount == 0 { colons.0 = pos } else { colons.1 = pos }
                colonCount += 1
                next()
                if tok != .colon && tok != .rbrack && tok != .eof {
                    let value = parseRhs()
                    if colonCount == 1 { index.1 = value } else { index.2 = value }
                }
            }
        } else if tok == .comma {
            scratch.append(index.0)
            while tok == .comma {
                next()
                if tok != .rbrack && tok != .eof { scratch.append(parseType()) }
            }
        }
        exprLev -= 1
        let rbrack = expect(.rbrack)
        if colonCount > 0 {
            var slice3 = false
            if colonCount == 2 {
                slice3 = true
                if index.1 == none {
                    report(colons.0, "2nd index required in 3-index slice")
                    index.1 = bad(colons.0 + 1, colons.1)
                }
                if index.2 == none {
                    report(colons.1, "3rd index required in 3-index slice")
                    index.2 = bad(colons.1 + 1, rbrack)
                }
            }
            return add(.sliceExpr, start(x), rbrack + 1, a: x, b: Ref(lbrack), c: index.0, d: index.1, e: index.2, flag: slice3)
        }
        if scratch.count == mark { scratch.append(index.0) }
        let indices = finishList(from: mark)
        return add(.indexExpr, start(x), rbrack + 1, a: x, b: Ref(lbrack), c: indices)
    }

    mutating func parseCallOrConversion(_ fun: Ref) -> Ref {
        let lparen = expect(.lparen)
        exprLev += 1
        let mark = scratch.count
        var ellipsis = -1
        while tok != .rparen && tok != .eof && ellipsis < 0 {
            scratch.append(parseRhsOrType())  // builtins may take a type: make(T, n)
            if tok == .ellipsis {
                ellipsis = pos
                next()
            }
            if !atComma("argument list", .rparen) { break }
            next()
        }
        exprLev -= 1
        let rparen = expectClosing(.rparen, "argument list")
        let args = finishList(from: mark)
        return add(.callExpr, start(fun), rparen + 1, a: fun, b: Ref(lparen), c: args, d: Ref(ellipsis))
    }

    mutating func parseValue() -> Ref {
        if tok == .lbrace { return parseLiteralValue(none) }
        return checkExpr(parseExpr())
    }

    mutating func parseElement() -> Ref {
        let x = parseValue()
        if tok == .colon {
            let colon = pos
            next()
            let value = parseValue()
            return add(.keyValueExpr, start(x), end(value), a: x, b: value, c: Ref(colon))
        }
        return x
    }

    mutating func parseLiteralValue(_ type: Ref) -> Ref {
        guard enterNesting() else { return bad(pos, pos) }
        defer { nestLev -= 1 }
        let lbrace = expect(.lbrace)
        let mark = scratch.count
        exprLev += 1
        while tok != .rbrace && tok != .eof {
            scratch.append(parseElement())
            if !atComma("composite literal", .rbrace) { break }
            next()
        }
        exprLev -= 1
        let rbrace = expectClosing(.rbrace, "composite literal")
        let elts = finishList(from: mark)
        return add(.compositeLit, type != none ? start(type) : lbrace, rbrace + 1, a: type, b: Ref(lbrace), c: elts)
    }

    /// An expression that must be a value, not a type.
    mutating func checkExpr(_ x: Ref) -> Ref {
        switch kind(unparen(x)) {
        case .badExpr, .ident, .basicLit, .funcLit, .compositeLit, .selectorExpr, .indexExpr, .sliceExpr,
             .typeAssertExpr, .callExpr, .starExpr, .unaryExpr, .binaryExpr:
            return x
        default:
            errorExpected(start(x), "expression")
            return bad(start(x), min(end(x), src.count))
        }
    }

    /// An expression or a type, but not `[...]T` outside a composite literal.
    mutating func checkExprOrType(_ x: Ref) -> Ref {
        let inner = unparen(x)
        if kind(inner) == .arrayType {
            let length = nodes[Int(inner)].a
            if length != none && kind(length) == .ellipsis {
                report(start(length), "expected array length, found '...'")
                return bad(start(x), min(end(x), src.count))
            }
        }
        return x
    }

    mutating func parsePrimaryExpr(_ operand: Ref) -> Ref {
        var x = operand != none ? operand : parseOperand()
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
                    let base = checkExprOrType(x)
                    let selector = parseIdent()
                    x = add(.selectorExpr, start(base), end(selector), a: base, b: selector)
                case .lparen:
                    x = parseTypeAssertion(checkExpr(x))
                default:
                    let at = pos
                    errorExpected(at, "selector or type assertion")
                    if tok != .rbrace { next() }
                    let selector = underscore(at)
                    x = add(.selectorExpr, start(x), end(selector), a: x, b: selector)
                }
            case .lbrack:
                x = parseIndexOrSliceOrInstance(checkExpr(x))
            case .lparen:
                x = parseCallOrConversion(checkExprOrType(x))
            case .lbrace:
                // a composite literal, if what came before can be its type
                let type = unparen(x)
                switch kind(type) {
                case .badExpr, .ident, .selectorExpr, .indexExpr:
                    if exprLev < 0 { return x }
                case .arrayType, .structType, .mapType:
                    break
                default:
                    return x
                }
                if type != x {
                    report(start(type), "cannot parenthesize type in composite literal")
                }
                x = parseLiteralValue(x)
            default:
                return x
            }
        }
    }

    mutating func parseUnaryExpr() -> Ref {
        guard enterNesting() else { return bad(pos, pos) }
        defer { nestLev -= 1 }
        switch tok {
        case .add, .sub, .not, .xor, .and, .tilde:
            let opPos = pos
            let op = tok
            next()
            let x = checkExpr(parseUnaryExpr())
            return add(.unaryExpr, opPos, end(x), a: x, op: op.rawValue)
        case .arrow:
            let arrow = pos
            next()
            let x = parseUnaryExpr()
            if kind(x) == .chanType {
                receiveChannelType(arrow: arrow, x)
                return x
            }
            let operand = checkExpr(x)
            return add(.unaryExpr, arrow, end(operand), a: operand, op: Token.arrow.rawValue)
        case .mul:
            let star = pos
            next()
            let x = checkExprOrType(parseUnaryExpr())
            return add(.starExpr, star, end(x), a: x)
        default:
            return parsePrimaryExpr(none)
        }
    }

    /// `<-` before a channel type: `<-chan T`, re-associating `<-chan chan T` and friends
    /// the way go/parser does (`<-chan<- T` is an error). Rewrites the chan nodes in place.
    mutating func receiveChannelType(arrow: Int, _ outer: Ref) {
        var arrow = arrow
        var dir = ChanDirection.send
        var type = outer
        while true {
            var record = nodes[Int(type)]
            let typeDir = ChanDirection(rawValue: record.op) ?? .both
            if typeDir == .receive { errorExpected(Int(record.b), "'chan'") }
            let oldArrow = Int(record.b)
            record.start = Int32(arrow)
            record.b = Int32(arrow)
            arrow = oldArrow
            dir = typeDir
            record.op = ChanDirection.receive.rawValue
            nodes[Int(type)] = record
            guard dir == .send, kind(record.a) == .chanType else { break }
            type = record.a
        }
        if dir == .send { errorExpected(arrow, "channel type") }
    }

    mutating func parseBinaryExpr(_ left: Ref, _ minPrecedence: Int, check: Bool) -> Ref {
        var x = left != none ? left : parseUnaryExpr()
        var depth = 0
        defer { nestLev -= depth }
        while true {
            depth += 1
            guard enterNesting() else { return x }
            let op = tok
            let precedence = op.precedence
            if precedence < minPrecedence { return x }
            let opPos = expect(op)
            var y = parseBinaryExpr(none, precedence + 1, check: check)
            if check {
                x = checkExpr(x)
                y = checkExpr(y)
            }
            x = add(.binaryExpr, start(x), end(y), a: x, b: y, c: Ref(opPos), op: op.rawValue)
        }
    }

    mutating func parseExpr() -> Ref {
        parseBinaryExpr(none, 1, check: true)
    }

    mutating func parseRhs() -> Ref {
        let old = inRhs
        inRhs = true
        let x = checkExpr(parseExpr())
        inRhs = old
        return x
    }

    mutating func parseRhsOrType() -> Ref {
        let old = inRhs
        inRhs = true
        let x = checkExprOrType(parseExpr())
        inRhs = old
        return x
    }
}
