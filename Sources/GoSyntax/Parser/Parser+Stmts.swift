extension GoParser {
    enum SimpleStmtMode { case basic, labelOK, rangeOK }

    /// Parses statements up to `case`, `default` or `}` into a list.
    mutating func parseStmtList() -> Int32 {
        let mark = scratch.count
        while tok != .case && tok != .default && tok != .rbrace && tok != .eof {
            let stmt = parseStmt()
            scratch.append(stmt)
        }
        return finishList(from: mark)
    }

    mutating func parseBody() -> Ref { parseBlockStmt() }

    mutating func parseBlockStmt() -> Ref {
        let lbrace = expect(.lbrace)
        let list = parseStmtList()
        let rbrace = expectOrNone(.rbrace)
        return makeBlock(lbrace: lbrace, list: list, rbrace: rbrace)
    }

    mutating func makeBlock(lbrace: Int, list: Int32, rbrace: Int) -> Ref {
        let count = listCount(list)
        let blockEnd = rbrace >= 0 ? rbrace + 1 : count > 0 ? end(listItem(list, count - 1)) : lbrace + 1
        return add(.blockStmt, lbrace, blockEnd, a: list, b: Ref(rbrace))
    }

    /// Returns the statement, and whether it was the `k, v := range x` of a for clause.
    mutating func parseSimpleStmt(_ mode: SimpleStmtMode) -> (Ref, Bool) {
        let lhs = parseList(inRhs: false)
        switch tok {
        case .define, .assign, .addAssign, .subAssign, .mulAssign, .quoAssign, .remAssign,
             .andAssign, .orAssign, .xorAssign, .shlAssign, .shrAssign, .andNotAssign:
            let tokPos = pos
            let op = tok
            next()
            var rhs: Int32
            var isRange = false
            if mode == .rangeOK && tok == .range && (op == .define || op == .assign) {
                let rangePos = pos
                next()
                let x = parseRhs()
                rhs = makeList([add(.unaryExpr, rangePos, end(x), a: x, op: Token.range.rawValue)])
                isRange = true
            } else {
                rhs = parseList(inRhs: true)
            }
            if op == .define { checkDefine(lhs) }
            let last = listItem(rhs, listCount(rhs) - 1)
            let stmt = add(.assignStmt, start(listItem(lhs, 0)), end(last), a: lhs, b: rhs, c: Ref(tokPos), op: op.rawValue)
            return (stmt, isRange)
        default:
            break
        }
        let x = listItem(lhs, 0)
        if listCount(lhs) > 1 {
            errorExpected(start(x), "1 expression")
        }
        switch tok {
        case .colon:
            let colon = pos
            next()
            if mode == .labelOK && kind(x) == .ident {
                let stmt = parseStmt()
                return (add(.labeledStmt, start(x), end(stmt), a: x, b: stmt, c: Ref(colon)), false)
            }
            report(colon, "illegal label declaration")
            return (badStmt(start(x), colon + 1), false)
        case .arrow:
            let arrow = pos
            next()
            let y = parseRhs()
            return (add(.sendStmt, start(x), end(y), a: x, b: y, c: Ref(arrow)), false)
        case .inc, .dec:
            let stmt = add(.incDecStmt, start(x), pos + 2, a: x, b: Ref(pos), op: tok.rawValue)
            next()
            return (stmt, false)
        default:
            return (add(.exprStmt, start(x), end(x), a: x), false)
        }
    }

    mutating func checkDefine(_ lhs: Int32) {
        for x in listItems(lhs) where kind(x) != .ident {
            errorExpected(start(x), "identifier on left side of :=")
        }
    }

    mutating func parseCallExpr(_ callType: String) -> Ref {
        let x = parseRhsOrType()  // could be a conversion: (some type)(x)
        if kind(x) == .callExpr { return x }
        if kind(x) == .badExpr { return none }
        report(min(end(x), src.count), "function must be invoked in \(callType) statement")
        return none
    }

    mutating func parseGoStmt() -> Ref {
        let goPos = expect(.go)
        let call = parseCallExpr("go")
        expectSemi()
        guard call != none else { return badStmt(goPos, goPos + 2) }
        return add(.goStmt, goPos, end(call), a: call)
    }

    mutating func parseDeferStmt() -> Ref {
        let deferPos = expect(.defer)
        let call = parseCallExpr("defer")
        expectSemi()
        guard call != none else { return badStmt(deferPos, deferPos + 5) }
        return add(.deferStmt, deferPos, end(call), a: call)
    }

    mutating func parseReturnStmt() -> Ref {
        let returnPos = expect(.return)
        var results = none
        if tok != .semicolon && tok != .rbrace {
            results = parseList(inRhs: true)
        } else {
            results = makeList([])
        }
        expectSemi()
        let count = listCount(results)
        let returnEnd = count > 0 ? end(listItem(results, count - 1)) : returnPos + 6
        return add(.returnStmt, returnPos, returnEnd, a: results)
    }

    mutating func parseBranchStmt(_ keyword: Token) -> Ref {
        let tokPos = expect(keyword)
        var label = none
        if keyword != .fallthrough && tok == .ident {
            label = parseIdent()
        }
        expectSemi()
        let branchEnd = label != none ? end(label) : tokPos + keyword.text.utf8.count
        return add(.branchStmt, tokPos, branchEnd, a: label, op: keyword.rawValue)
    }

    /// The expression of an `if`, `switch` or `for` header that was parsed as a statement.
    mutating func makeExpr(_ stmt: Ref, want: String) -> Ref {
        guard stmt != none else { return none }
        if kind(stmt) == .exprStmt { return checkExpr(nodes[Int(stmt)].a) }
        let found = kind(stmt) == .assignStmt ? "assignment" : "simple statement"
        report(start(stmt), "expected \(want), found \(found) (missing parentheses around composite literal?)")
        return bad(start(stmt), min(end(stmt), src.count))
    }

    mutating func parseIfHeader() -> (Ref, Ref) {
        if tok == .lbrace {
            report(pos, "missing condition in if statement")
            return (none, bad(pos, pos))
        }
        let outerLev = exprLev
        exprLev = -1
        var initStmt = none
        if tok != .semicolon {
            if tok == .var {
                next()
                report(pos, "var declaration not allowed in 'IF' initializer")
            }
            initStmt = parseSimpleStmt(.basic).0
        }
        var condStmt = none
        var semicolonPos = -1
        var semicolonWasNewline = false
        if tok != .lbrace {
            if tok == .semicolon {
                semicolonPos = pos
                semicolonWasNewline = atNewline
                next()
            } else {
                expect(.semicolon)
            }
            if tok != .lbrace {
                condStmt = parseSimpleStmt(.basic).0
            }
        } else {
            condStmt = initStmt
            initStmt = none
        }
        var cond = none
        if condStmt != none {
            cond = makeExpr(condStmt, want: "boolean expression")
        } else if semicolonPos >= 0 {
            if semicolonWasNewline {
                report(semicolonPos, "unexpected newline, expecting { after if clause")
            } else {
                report(semicolonPos, "missing condition in if statement")
            }
        }
        if cond == none { cond = bad(pos, pos) }
        exprLev = outerLev
        return (initStmt, cond)
    }

    mutating func parseIfStmt() -> Ref {
        guard enterNesting() else { return badStmt(pos, pos) }
        defer { nestLev -= 1 }
        let ifPos = expect(.if)
        let (initStmt, cond) = parseIfHeader()
        let body = parseBlockStmt()
        var elseStmt = none
        if tok == .else {
            next()
            switch tok {
            case .if:
                elseStmt = parseIfStmt()
            case .lbrace:
                elseStmt = parseBlockStmt()
                expectSemi()
            default:
                errorExpected(pos, "if statement or block")
                elseStmt = badStmt(pos, pos)
            }
        } else {
            expectSemi()
        }
        let ifEnd = elseStmt != none ? end(elseStmt) : end(body)
        return add(.ifStmt, ifPos, ifEnd, a: initStmt, b: cond, c: body, d: elseStmt)
    }

    mutating func parseCaseClause(typeSwitch: Bool) -> Ref {
        let casePos = pos
        var list: Int32
        let isDefault = tok != .case
        if tok == .case {
            next()
            if typeSwitch {
                let mark = scratch.count
                scratch.append(parseType())
                while tok == .comma {
                    next()
                    scratch.append(parseType())
                }
                list = finishList(from: mark)
            } else {
                list = parseList(inRhs: true)
            }
        } else {
            expect(.default)
            list = makeList([])
        }
        let colon = expect(.colon)
        let body = parseStmtList()
        let count = listCount(body)
        let clauseEnd = count > 0 ? end(listItem(body, count - 1)) : colon + 1
        return add(.caseClause, casePos, clauseEnd, a: list, b: body, c: Ref(colon), flag: isDefault)
    }

    mutating func isTypeSwitchGuard(_ stmt: Ref) -> Bool {
        func isTypeSwitchAssert(_ x: Ref) -> Bool {
            kind(x) == .typeAssertExpr && nodes[Int(x)].c == none
        }
        guard stmt != none else { return false }
        let record = nodes[Int(stmt)]
        switch record.kind {
        case .exprStmt:
            return isTypeSwitchAssert(record.a)
        case .assignStmt:
            guard listCount(record.a) == 1 && listCount(record.b) == 1 && isTypeSwitchAssert(listItem(record.b, 0)) else {
                return false
            }
            if record.op == Token.assign.rawValue {
                report(Int(record.c), "expected ':=', found '='")
                return true
            }
            return record.op == Token.define.rawValue
        default:
            return false
        }
    }

    mutating func parseSwitchStmt() -> Ref {
        let switchPos = expect(.switch)
        var s1 = none
        var s2 = none
        if tok != .lbrace {
            let outerLev = exprLev
            exprLev = -1
            if tok != .semicolon {
                s2 = parseSimpleStmt(.basic).0
            }
            if tok == .semicolon {
                next()
                s1 = s2
                s2 = none
                if tok != .lbrace {
                    s2 = parseSimpleStmt(.basic).0
                }
            }
            exprLev = outerLev
        }
        let typeSwitch = isTypeSwitchGuard(s2)
        let lbrace = expect(.lbrace)
        let mark = scratch.count
        while tok == .case || tok == .default {
            let clause = parseCaseClause(typeSwitch: typeSwitch)
            scratch.append(clause)
        }
        let rbrace = expect(.rbrace)
        expectSemi()
        let body = makeBlock(lbrace: lbrace, list: finishList(from: mark), rbrace: rbrace)
        if typeSwitch {
            return add(.typeSwitchStmt, switchPos, end(body), a: s1, b: s2, c: body)
        }
        let tag = makeExpr(s2, want: "switch expression")
        return add(.switchStmt, switchPos, end(body), a: s1, b: tag, c: body)
    }

    mutating func parseCommClause() -> Ref {
        let casePos = pos
        var comm = none
        if tok == .case {
            next()
            var lhs = parseList(inRhs: false)
            let first = listItem(lhs, 0)
            if tok == .arrow {
                if listCount(lhs) > 1 { errorExpected(start(first), "1 expression") }
                let arrow = pos
                next()
                let rhs = parseRhs()
                comm = add(.sendStmt, start(first), end(rhs), a: first, b: rhs, c: Ref(arrow))
            } else if tok == .assign || tok == .define {
                if listCount(lhs) > 2 {
                    errorExpected(start(first), "1 or 2 expressions")
                    lhs = makeList([first, listItem(lhs, 1)])
                }
                let tokPos = pos
                let op = tok
                next()
                let rhs = parseRhs()
                if op == .define { checkDefine(lhs) }
                comm = add(.assignStmt, start(first), end(rhs), a: lhs, b: makeList(one: rhs), c: Ref(tokPos), op: op.rawValue)
            } else {
                if listCount(lhs) > 1 { errorExpected(start(first), "1 expression") }
                comm = add(.exprStmt, start(first), end(first), a: first)
            }
        } else {
            expect(.default)
        }
        let colon = expect(.colon)
        let body = parseStmtList()
        let count = listCount(body)
        let clauseEnd = count > 0 ? end(listItem(body, count - 1)) : colon + 1
        return add(.commClause, casePos, clauseEnd, a: comm, b: body, c: Ref(colon))
    }

    mutating func parseSelectStmt() -> Ref {
        let selectPos = expect(.select)
        let lbrace = expect(.lbrace)
        let mark = scratch.count
        while tok == .case || tok == .default {
            let clause = parseCommClause()
            scratch.append(clause)
        }
        let rbrace = expect(.rbrace)
        expectSemi()
        let body = makeBlock(lbrace: lbrace, list: finishList(from: mark), rbrace: rbrace)
        return add(.selectStmt, selectPos, end(body), a: body)
    }

    mutating func parseForStmt() -> Ref {
        let forPos = expect(.for)
        var s1 = none
        var s2 = none
        var s3 = none
        var isRange = false
        var rangeOnly = none  // the x of `for range x`, which has no iteration variables
        if tok != .lbrace {
            let outerLev = exprLev
            exprLev = -1
            if tok != .semicolon {
                if tok == .range {
                    next()
                    rangeOnly = parseRhs()
                    isRange = true
                } else {
                    (s2, isRange) = parseSimpleStmt(.rangeOK)
                }
            }
            if !isRange && tok == .semicolon {
                next()
                s1 = s2
                s2 = none
                if tok != .semicolon {
                    s2 = parseSimpleStmt(.basic).0
                }
                expectSemi()
                if tok != .lbrace {
                    s3 = parseSimpleStmt(.basic).0
                }
            }
            exprLev = outerLev
        }
        let body = parseBlockStmt()
        expectSemi()

        if rangeOnly != none {
            return add(.rangeStmt, forPos, end(body), c: rangeOnly, d: body, e: none, op: Token.illegal.rawValue)
        }
        if isRange {
            let assign = nodes[Int(s2)]
            var key = none
            var value = none
            let count = listCount(assign.a)
            switch count {
            case 1: key = listItem(assign.a, 0)
            case 2: key = listItem(assign.a, 0); value = listItem(assign.a, 1)
            default:
                errorExpected(start(listItem(assign.a, count - 1)), "at most 2 expressions")
                return badStmt(forPos, min(end(body), src.count))
            }
            let x = nodes[Int(listItem(assign.b, 0))].a
            return add(.rangeStmt, forPos, end(body), a: key, b: value, c: x, d: body, e: assign.c, op: assign.op)
        }
        let cond = makeExpr(s2, want: "boolean or range expression")
        return add(.forStmt, forPos, end(body), a: s1, b: cond, c: s3, d: body)
    }

    mutating func parseStmt() -> Ref {
        guard enterNesting() else { return badStmt(pos, pos) }
        defer { nestLev -= 1 }
        switch tok {
        case .const, .type, .var:
            let decl = parseDecl(sync: GoParser.statementStart)
            return add(.declStmt, start(decl), end(decl), a: decl)
        case .ident, .int, .float, .imag, .char, .string, .func, .lparen,
             .lbrack, .struct, .map, .chan, .interface,
             .add, .sub, .mul, .and, .xor, .arrow, .not:
            let stmt = parseSimpleStmt(.labelOK).0
            if kind(stmt) == .labeledStmt { return stmt }
            expectSemi()
            return stmt
        case .go:
            return parseGoStmt()
        case .defer:
            return parseDeferStmt()
        case .return:
            return parseReturnStmt()
        case .break, .continue, .goto, .fallthrough:
            return parseBranchStmt(tok)
        case .lbrace:
            let block = parseBlockStmt()
            expectSemi()
            return block
        case .if:
            return parseIfStmt()
        case .switch:
            return parseSwitchStmt()
        case .select:
            return parseSelectStmt()
        case .for:
            return parseForStmt()
        case .semicolon:
            let implicit = atNewline
            let stmt = add(.emptyStmt, pos, implicit ? pos : pos + 1, flag: implicit)
            next()
            return stmt
        case .rbrace:
            // a statement list may end in a label: `L: }`
            return add(.emptyStmt, pos, pos, flag: true)
        default:
            let at = pos
            errorExpected(at, "statement")
            advance(to: GoParser.statementStart)
            return badStmt(at, pos)
        }
    }
}
