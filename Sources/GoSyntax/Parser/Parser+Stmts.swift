extension GoParser {
    enum SimpleStmtMode { case basic, labelOK, rangeOK }

    mutating func parseStmtList() -> [Stmt] {
        var list: [Stmt] = []
        while tok != .case && tok != .default && tok != .rbrace && tok != .eof {
            list.append(parseStmt())
        }
        return list
    }

    mutating func parseBody() -> BlockStmt { parseBlockStmt() }

    mutating func parseBlockStmt() -> BlockStmt {
        let lbrace = expect(.lbrace)
        let list = parseStmtList()
        let rbrace = expectOrNoPos(.rbrace)
        return BlockStmt(lbrace: lbrace, list: list, rbrace: rbrace)
    }

    /// Returns the statement, and whether it was the `k, v := range x` of a for clause.
    mutating func parseSimpleStmt(_ mode: SimpleStmtMode) -> (Stmt, Bool) {
        let x = parseList(inRhs: false)
        switch tok {
        case .define, .assign, .addAssign, .subAssign, .mulAssign, .quoAssign, .remAssign,
             .andAssign, .orAssign, .xorAssign, .shlAssign, .shrAssign, .andNotAssign:
            let tokPos = pos
            let op = tok
            next()
            var rhs: [Expr]
            var isRange = false
            if mode == .rangeOK && tok == .range && (op == .define || op == .assign) {
                let rangePos = pos
                next()
                rhs = [.unary(UnaryExpr(opPos: rangePos, op: .range, x: parseRhs()))]
                isRange = true
            } else {
                rhs = parseList(inRhs: true)
            }
            if op == .define { checkDefine(x) }
            return (.assign(AssignStmt(lhs: x, tokPos: tokPos, tok: op, rhs: rhs)), isRange)
        default:
            break
        }
        if x.count > 1 {
            errorExpected(x[0].start, "1 expression")
        }
        switch tok {
        case .colon:
            let colon = pos
            next()
            if mode == .labelOK, case .ident(let label) = x[0] {
                return (.labeled(LabeledStmt(label: label, colon: colon, stmt: parseStmt())), false)
            }
            report(colon, "illegal label declaration")
            return (.bad(BadStmt(start: x[0].start, end: colon + 1)), false)
        case .arrow:
            let arrow = pos
            next()
            let y = parseRhs()
            return (.send(SendStmt(chan: x[0], arrow: arrow, value: y)), false)
        case .inc, .dec:
            let stmt = IncDecStmt(x: x[0], tokPos: pos, tok: tok)
            next()
            return (.incDec(stmt), false)
        default:
            return (.expr(ExprStmt(x: x[0])), false)
        }
    }

    mutating func checkDefine(_ lhs: [Expr]) {
        for x in lhs {
            if case .ident = x { continue }
            errorExpected(x.start, "identifier on left side of :=")
        }
    }

    mutating func parseCallExpr(_ callType: String) -> CallExpr? {
        let x = parseRhsOrType()  // could be a conversion: (some type)(x)
        if case .call(let call) = x { return call }
        if case .bad = x { return nil }
        report(min(x.end, src.count), "function must be invoked in \(callType) statement")
        return nil
    }

    mutating func parseGoStmt() -> Stmt {
        let goPos = expect(.go)
        let call = parseCallExpr("go")
        expectSemi()
        guard let call else { return .bad(BadStmt(start: goPos, end: goPos + 2)) }
        return .go(GoStmt(goPos: goPos, call: call))
    }

    mutating func parseDeferStmt() -> Stmt {
        let deferPos = expect(.defer)
        let call = parseCallExpr("defer")
        expectSemi()
        guard let call else { return .bad(BadStmt(start: deferPos, end: deferPos + 5)) }
        return .defer(DeferStmt(deferPos: deferPos, call: call))
    }

    mutating func parseReturnStmt() -> Stmt {
        let returnPos = expect(.return)
        var results: [Expr] = []
        if tok != .semicolon && tok != .rbrace {
            results = parseList(inRhs: true)
        }
        expectSemi()
        return .return(ReturnStmt(returnPos: returnPos, results: results))
    }

    mutating func parseBranchStmt(_ keyword: Token) -> Stmt {
        let tokPos = expect(keyword)
        var label: Ident?
        if keyword != .fallthrough && tok == .ident {
            label = parseIdent()
        }
        expectSemi()
        return .branch(BranchStmt(tokPos: tokPos, tok: keyword, label: label))
    }

    /// The expression of an `if`, `switch` or `for` header that was parsed as a statement.
    mutating func makeExpr(_ stmt: Stmt?, want: String) -> Expr? {
        guard let stmt else { return nil }
        if case .expr(let expr) = stmt { return checkExpr(expr.x) }
        var found = "simple statement"
        if case .assign = stmt { found = "assignment" }
        report(stmt.start, "expected \(want), found \(found) (missing parentheses around composite literal?)")
        return .bad(BadExpr(start: stmt.start, end: min(stmt.end, src.count)))
    }

    mutating func parseIfHeader() -> (Stmt?, Expr) {
        if tok == .lbrace {
            report(pos, "missing condition in if statement")
            return (nil, .bad(BadExpr(start: pos, end: pos)))
        }
        let outerLev = exprLev
        exprLev = -1
        var initStmt: Stmt?
        if tok != .semicolon {
            if tok == .var {
                next()
                report(pos, "var declaration not allowed in 'IF' initializer")
            }
            initStmt = parseSimpleStmt(.basic).0
        }
        var condStmt: Stmt?
        var semicolonPos = noPos
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
            initStmt = nil
        }
        var cond: Expr?
        if condStmt != nil {
            cond = makeExpr(condStmt, want: "boolean expression")
        } else if semicolonPos != noPos {
            if semicolonWasNewline {
                report(semicolonPos, "unexpected newline, expecting { after if clause")
            } else {
                report(semicolonPos, "missing condition in if statement")
            }
        }
        exprLev = outerLev
        return (initStmt, cond ?? .bad(BadExpr(start: pos, end: pos)))
    }

    mutating func parseIfStmt() -> Stmt {
        guard enterNesting() else { return .bad(BadStmt(start: pos, end: pos)) }
        defer { nestLev -= 1 }
        let ifPos = expect(.if)
        let (initStmt, cond) = parseIfHeader()
        let body = parseBlockStmt()
        var elseStmt: Stmt?
        if tok == .else {
            next()
            switch tok {
            case .if:
                elseStmt = parseIfStmt()
            case .lbrace:
                elseStmt = .block(parseBlockStmt())
                expectSemi()
            default:
                errorExpected(pos, "if statement or block")
                elseStmt = .bad(BadStmt(start: pos, end: pos))
            }
        } else {
            expectSemi()
        }
        return .if(IfStmt(ifPos: ifPos, initStmt: initStmt, cond: cond, body: body, elseStmt: elseStmt))
    }

    mutating func parseCaseClause(typeSwitch: Bool) -> Stmt {
        let casePos = pos
        var list: [Expr]?
        if tok == .case {
            next()
            if typeSwitch {
                var types = [parseType()]
                while tok == .comma {
                    next()
                    types.append(parseType())
                }
                list = types
            } else {
                list = parseList(inRhs: true)
            }
        } else {
            expect(.default)
        }
        let colon = expect(.colon)
        let body = parseStmtList()
        return .caseClause(CaseClause(casePos: casePos, list: list, colon: colon, body: body))
    }

    mutating func isTypeSwitchGuard(_ stmt: Stmt?) -> Bool {
        func isTypeSwitchAssert(_ x: Expr) -> Bool {
            if case .typeAssert(let assert) = x { return assert.type == nil }
            return false
        }
        switch stmt {
        case .expr(let expr)?:
            return isTypeSwitchAssert(expr.x)
        case .assign(let assign)?:
            guard assign.lhs.count == 1 && assign.rhs.count == 1 && isTypeSwitchAssert(assign.rhs[0]) else { return false }
            if assign.tok == .assign {
                report(assign.tokPos, "expected ':=', found '='")
                return true
            }
            return assign.tok == .define
        default:
            return false
        }
    }

    mutating func parseSwitchStmt() -> Stmt {
        let switchPos = expect(.switch)
        var s1: Stmt?
        var s2: Stmt?
        if tok != .lbrace {
            let outerLev = exprLev
            exprLev = -1
            if tok != .semicolon {
                s2 = parseSimpleStmt(.basic).0
            }
            if tok == .semicolon {
                next()
                s1 = s2
                s2 = nil
                if tok != .lbrace {
                    s2 = parseSimpleStmt(.basic).0
                }
            }
            exprLev = outerLev
        }
        let typeSwitch = isTypeSwitchGuard(s2)
        let lbrace = expect(.lbrace)
        var list: [Stmt] = []
        while tok == .case || tok == .default {
            list.append(parseCaseClause(typeSwitch: typeSwitch))
        }
        let rbrace = expect(.rbrace)
        expectSemi()
        let body = BlockStmt(lbrace: lbrace, list: list, rbrace: rbrace)
        if typeSwitch, let s2 {
            return .typeSwitch(TypeSwitchStmt(switchPos: switchPos, initStmt: s1, assign: s2, body: body))
        }
        return .switch(SwitchStmt(switchPos: switchPos, initStmt: s1, tag: makeExpr(s2, want: "switch expression"), body: body))
    }

    mutating func parseCommClause() -> Stmt {
        let casePos = pos
        var comm: Stmt?
        if tok == .case {
            next()
            var lhs = parseList(inRhs: false)
            if tok == .arrow {
                if lhs.count > 1 { errorExpected(lhs[0].start, "1 expression") }
                let arrow = pos
                next()
                let rhs = parseRhs()
                comm = .send(SendStmt(chan: lhs[0], arrow: arrow, value: rhs))
            } else if tok == .assign || tok == .define {
                if lhs.count > 2 {
                    errorExpected(lhs[0].start, "1 or 2 expressions")
                    lhs = Array(lhs[0..<2])
                }
                let tokPos = pos
                let op = tok
                next()
                let rhs = parseRhs()
                if op == .define { checkDefine(lhs) }
                comm = .assign(AssignStmt(lhs: lhs, tokPos: tokPos, tok: op, rhs: [rhs]))
            } else {
                if lhs.count > 1 { errorExpected(lhs[0].start, "1 expression") }
                comm = .expr(ExprStmt(x: lhs[0]))
            }
        } else {
            expect(.default)
        }
        let colon = expect(.colon)
        let body = parseStmtList()
        return .commClause(CommClause(casePos: casePos, comm: comm, colon: colon, body: body))
    }

    mutating func parseSelectStmt() -> Stmt {
        let selectPos = expect(.select)
        let lbrace = expect(.lbrace)
        var list: [Stmt] = []
        while tok == .case || tok == .default {
            list.append(parseCommClause())
        }
        let rbrace = expect(.rbrace)
        expectSemi()
        return .select(SelectStmt(selectPos: selectPos, body: BlockStmt(lbrace: lbrace, list: list, rbrace: rbrace)))
    }

    mutating func parseForStmt() -> Stmt {
        let forPos = expect(.for)
        var s1: Stmt?
        var s2: Stmt?
        var s3: Stmt?
        var isRange = false
        var rangeOnly = false  // `for range x`, with no iteration variables
        if tok != .lbrace {
            let outerLev = exprLev
            exprLev = -1
            if tok != .semicolon {
                if tok == .range {
                    let rangePos = pos
                    next()
                    let x = UnaryExpr(opPos: rangePos, op: .range, x: parseRhs())
                    s2 = .expr(ExprStmt(x: .unary(x)))
                    isRange = true
                    rangeOnly = true
                } else {
                    (s2, isRange) = parseSimpleStmt(.rangeOK)
                }
            }
            if !isRange && tok == .semicolon {
                next()
                s1 = s2
                s2 = nil
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

        if isRange {
            if rangeOnly, case .expr(let expr)? = s2, case .unary(let range) = expr.x {
                return .range(RangeStmt(forPos: forPos, key: nil, value: nil, tokPos: noPos, tok: .illegal, x: range.x, body: body))
            }
            guard case .assign(let assign)? = s2, case .unary(let range) = assign.rhs[0] else {
                return .bad(BadStmt(start: forPos, end: body.end))
            }
            var key: Expr?
            var value: Expr?
            switch assign.lhs.count {
            case 1: key = assign.lhs[0]
            case 2: key = assign.lhs[0]; value = assign.lhs[1]
            default:
                errorExpected(assign.lhs[assign.lhs.count - 1].start, "at most 2 expressions")
                return .bad(BadStmt(start: forPos, end: min(body.end, src.count)))
            }
            return .range(RangeStmt(forPos: forPos, key: key, value: value, tokPos: assign.tokPos, tok: assign.tok, x: range.x, body: body))
        }
        return .for(ForStmt(forPos: forPos, initStmt: s1, cond: makeExpr(s2, want: "boolean or range expression"), post: s3, body: body))
    }

    mutating func parseStmt() -> Stmt {
        guard enterNesting() else { return .bad(BadStmt(start: pos, end: pos)) }
        defer { nestLev -= 1 }
        switch tok {
        case .const, .type, .var:
            guard case .gen(let decl) = parseDecl(sync: GoParser.statementStart) else {
                return .bad(BadStmt(start: pos, end: pos))
            }
            return .decl(DeclStmt(decl: decl))
        case .ident, .int, .float, .imag, .char, .string, .func, .lparen,
             .lbrack, .struct, .map, .chan, .interface,
             .add, .sub, .mul, .and, .xor, .arrow, .not:
            let stmt = parseSimpleStmt(.labelOK).0
            if case .labeled = stmt { return stmt }
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
            return .block(block)
        case .if:
            return parseIfStmt()
        case .switch:
            return parseSwitchStmt()
        case .select:
            return parseSelectStmt()
        case .for:
            return parseForStmt()
        case .semicolon:
            let stmt = EmptyStmt(semicolon: pos, implicit: atNewline)
            next()
            return .empty(stmt)
        case .rbrace:
            // a statement list may end in a label: `L: }`
            return .empty(EmptyStmt(semicolon: pos, implicit: true))
        default:
            let at = pos
            errorExpected(at, "statement")
            advance(to: GoParser.statementStart)
            return .bad(BadStmt(start: at, end: pos))
        }
    }
}
