extension GoParser {
    mutating func parseType() -> Ref {
        let type = tryIdentOrType()
        if type != none { return type }
        let at = pos
        errorExpected(at, "type")
        advance(to: GoParser.expressionEnd)
        return bad(at, pos)
    }

    mutating func parseQualifiedIdent(_ ident: Ref) -> Ref {
        let type = parseTypeName(ident)
        return tok == .lbrack ? parseTypeInstance(type) : type
    }

    mutating func parseTypeName(_ ident: Ref) -> Ref {
        let name = ident != none ? ident : parseIdent()
        if tok == .period {
            next()
            let selector = parseIdent()
            return add(.selectorExpr, start(name), end(selector), a: name, b: selector)
        }
        return name
    }

    mutating func parseArrayType(lbrack: Int, length: Ref) -> Ref {
        var length = length
        if length == none {
            exprLev += 1
            if tok == .ellipsis {
                length = add(.ellipsis, pos, pos + 3)
                next()
            } else if tok != .rbrack {
                length = parseRhs()
            }
            exprLev -= 1
        }
        if tok == .comma {
            report(pos, "unexpected comma; expecting ]")
            next()
        }
        expect(.rbrack)
        let elt = parseType()
        return add(.arrayType, lbrack, end(elt), a: length, b: elt)
    }

    /// After `name [`: an array field `name [N]T` or an instantiated embedded type `name[A, B]`.
    /// Returns the field name (none for an embedded instance) and the type.
    mutating func parseArrayFieldOrTypeInstance(_ x: Ref) -> (Ref, Ref) {
        let lbrack = expect(.lbrack)
        let mark = scratch.count
        if tok != .rbrack {
            exprLev += 1
            scratch.append(parseRhsOrType())
            while tok == .comma {
                next()
                scratch.append(parseRhsOrType())
            }
            exprLev -= 1
        }
        let rbrack = expect(.rbrack)
        let count = scratch.count - mark
        if count == 0 {
            let elt = parseType()
            return (x, add(.arrayType, lbrack, end(elt), b: elt))
        }
        if count == 1 {
            let elt = tryIdentOrType()
            if elt != none {
                let length = scratch.removeLast()
                return (x, add(.arrayType, lbrack, end(elt), a: length, b: elt))
            }
        }
        let args = finishList(from: mark)
        return (none, add(.indexExpr, start(x), rbrack + 1, a: x, b: Ref(lbrack), c: args))
    }

    mutating func parseFieldDecl() -> Ref {
        let mark = scratch.count
        var type = none
        if tok == .ident {
            let name = parseIdent()
            if tok == .period || tok == .string || tok == .semicolon || tok == .rbrace {
                type = tok == .period ? parseQualifiedIdent(name) : name
            } else {
                scratch.append(name)
                while tok == .comma {
                    next()
                    scratch.append(parseIdent())
                }
                if scratch.count - mark == 1 && tok == .lbrack {
                    let (fieldName, fieldType) = parseArrayFieldOrTypeInstance(name)
                    if fieldName == none { _ = scratch.removeLast() }
                    type = fieldType
                } else {
                    type = parseType()
                }
            }
        } else {
            type = parseType()
        }
        var tag = none
        if tok == .string {
            tag = basicLit()
        }
        expectSemi()
        let names = finishList(from: mark)
        return makeField(names: names, type: type, tag: tag)
    }

    mutating func makeField(names: Int32, type: Ref, tag: Ref) -> Ref {
        let count = listCount(names)
        let fieldStart = count > 0 ? start(listItem(names, 0)) : (type != none ? start(type) : -1)
        let fieldEnd = tag != none ? end(tag) : type != none ? end(type) : count > 0 ? end(listItem(names, count - 1)) : -1
        return add(.field, fieldStart, fieldEnd, a: names, b: type, c: tag)
    }

    mutating func makeFieldList(opening: Int, fields: Int32, closing: Int) -> Ref {
        let count = listCount(fields)
        let listStart = opening >= 0 ? opening : count > 0 ? start(listItem(fields, 0)) : -1
        let listEnd = closing >= 0 ? closing + 1 : count > 0 ? end(listItem(fields, count - 1)) : -1
        return add(.fieldList, listStart, listEnd, a: Ref(opening), b: fields, c: Ref(closing))
    }

    mutating func parseStructType() -> Ref {
        let structPos = expect(.struct)
        let lbrace = expect(.lbrace)
        let mark = scratch.count
        while tok == .ident || tok == .mul || tok == .lparen {
            let field = parseFieldDecl()
            scratch.append(field)
        }
        let rbrace = expect(.rbrace)
        let fields = makeFieldList(opening: lbrace, fields: finishList(from: mark), closing: rbrace)
        return add(.structType, structPos, end(fields), a: fields)
    }

    mutating func parsePointerType() -> Ref {
        let star = expect(.mul)
        let base = parseType()
        return add(.starExpr, star, end(base), a: base)
    }

    mutating func parseDotsType() -> Ref {
        let at = expect(.ellipsis)
        let elt = parseType()
        return add(.ellipsis, at, end(elt), a: elt)
    }

    // MARK: - Parameters

    /// A parameter being collected: its name, its type, and which parsed type it shares
    /// (names followed by one type, as in `a, b int`, become one field).
    struct ParamEntry {
        var name: Ref = none
        var type: Ref = none
    }

    mutating func parseParamDecl(_ name: Ref, typeSetsOK: Bool) -> ParamEntry {
        var entry = ParamEntry()
        if name == none && typeSetsOK && tok == .tilde {
            entry.type = embeddedElem(none)
            return entry
        }
        if name != none || tok == .ident {
            entry.name = name != none ? name : parseIdent()
            switch tok {
            case .ident, .mul, .arrow, .func, .chan, .map, .struct, .interface, .lparen:
                entry.type = parseType()
            case .lbrack:
                (entry.name, entry.type) = parseArrayFieldOrTypeInstance(entry.name)
            case .ellipsis:
                entry.type = parseDotsType()
                return entry
            case .period:
                entry.type = parseQualifiedIdent(entry.name)
                entry.name = none
            case .tilde where typeSetsOK:
                entry.type = embeddedElem(none)
                return entry
            case .or where typeSetsOK:
                entry.type = embeddedElem(entry.name)
                entry.name = none
                return entry
            default:
                break
            }
        } else {
            switch tok {
            case .mul, .arrow, .func, .lbrack, .chan, .map, .struct, .interface, .lparen:
                entry.type = parseType()
            case .ellipsis:
                entry.type = parseDotsType()
                return entry
            default:
                errorExpected(pos, "')'")
                advance(to: GoParser.expressionEnd)
            }
        }
        if typeSetsOK && tok == .or && entry.type != none {
            entry.type = embeddedElem(entry.type)
        }
        return entry
    }

    /// Parameters (or type parameters, when `closing` is `]`) as fields; names that share a
    /// type (`a, b int`) share a field. A type node is shared by the entries it was given to.
    /// The entries are collected on the scratch stack as name, type pairs: a function
    /// signature then costs no allocation.
    mutating func parseParameterList(name0: Ref, type0: Ref, closing: Token) -> Int32 {
        let typeParams = closing == .rbrack
        let typeSetsOK = typeParams
        let listPos = name0 != none ? start(name0) : pos
        var name0 = name0
        var type0 = type0
        let entries = scratch.count
        var named = 0
        while name0 != none || (tok != closing && tok != .eof) {
            var entry: ParamEntry
            if type0 != none {
                entry = ParamEntry(name: name0, type: typeSetsOK ? embeddedElem(type0) : type0)
            } else {
                entry = parseParamDecl(name0, typeSetsOK: typeSetsOK)
            }
            name0 = none
            type0 = none
            if entry.name != none || entry.type != none {
                scratch.append(entry.name)
                scratch.append(entry.type)
                if entry.name != none && entry.type != none { named += 1 }
            }
            if !atComma("parameter list", closing) { break }
            next()
        }
        let count = (scratch.count - entries) / 2
        @inline(__always) func name(_ index: Int) -> Ref { scratch[entries + 2 * index] }
        @inline(__always) func type(_ index: Int) -> Ref { scratch[entries + 2 * index + 1] }
        let fields = scratch.count
        if count == 0 { return finishList(from: fields) }

        if named == 0 {
            // all unnamed: what was parsed as names are types
            if typeParams { report(listPos, "all type parameters must be named") }
            for index in 0..<count {
                let type = name(index) != none ? name(index) : type(index)
                scratch.append(makeField(names: makeList([]), type: type, tag: none))
            }
            return finishFields(from: fields, dropping: entries)
        }
        if named != count {
            // some named: distribute types backwards to the names before them
            var ok = true
            var shared = none
            var missingName = listPos
            for index in (0..<count).reversed() {
                if type(index) != none {
                    shared = type(index)
                    if name(index) == none {
                        ok = false
                        missingName = start(shared)
                        scratch[entries + 2 * index] = underscore(start(shared))
                    }
                } else if shared != none {
                    scratch[entries + 2 * index + 1] = shared
                } else {
                    ok = false
                    missingName = start(name(index))
                    scratch[entries + 2 * index + 1] = bad(start(name(index)), pos)
                }
            }
            if !ok {
                if typeParams {
                    report(missingName, "all type parameters must be named")
                } else {
                    report(listPos, "mixed named and unnamed parameters")
                }
            }
        }
        var index = 0
        while index < count {
            // one field for each run of names given the same type
            let shared = type(index)
            let names = scratch.count
            while index < count && type(index) == shared {
                scratch.append(name(index))
                index += 1
            }
            let list = finishList(from: names)
            scratch.append(makeField(names: list, type: shared, tag: none))
        }
        return finishFields(from: fields, dropping: entries)
    }

    /// Moves the fields pushed since `fields` into a list, and pops the entries under them.
    private mutating func finishFields(from fields: Int, dropping entries: Int) -> Int32 {
        let list = finishList(from: fields)
        scratch.truncate(to: entries)
        return list
    }

    mutating func parseParameters(acceptTypeParams: Bool) -> (typeParams: Ref, params: Ref) {
        var typeParams = none
        if acceptTypeParams && tok == .lbrack {
            let opening = pos
            next()
            let list = parseParameterList(name0: none, type0: none, closing: .rbrack)
            let rbrack = expect(.rbrack)
            if listCount(list) == 0 {
                report(rbrack, "empty type parameter list")
            } else {
                typeParams = makeFieldList(opening: opening, fields: list, closing: rbrack)
            }
        }
        let opening = expect(.lparen)
        var fields = none
        if tok != .rparen {
            fields = parseParameterList(name0: none, type0: none, closing: .rparen)
        } else {
            fields = makeList([])
        }
        let rparen = expect(.rparen)
        return (typeParams, makeFieldList(opening: opening, fields: fields, closing: rparen))
    }

    mutating func parseResult() -> Ref {
        if tok == .lparen {
            return parseParameters(acceptTypeParams: false).params
        }
        let type = tryIdentOrType()
        if type != none {
            let field = makeField(names: makeList([]), type: type, tag: none)
            return makeFieldList(opening: -1, fields: makeList(one: field), closing: -1)
        }
        return none
    }

    mutating func makeFuncType(funcPos: Int, typeParams: Ref, params: Ref, results: Ref) -> Ref {
        let typeStart = funcPos >= 0 ? funcPos : start(params)
        let typeEnd = results != none ? end(results) : end(params)
        return add(.funcType, typeStart, typeEnd, a: Ref(funcPos), b: typeParams, c: params, d: results)
    }

    mutating func parseFuncType() -> Ref {
        let funcPos = expect(.func)
        let (typeParams, params) = parseParameters(acceptTypeParams: true)
        if typeParams != none {
            report(start(typeParams), "function type must have no type parameters")
        }
        let results = parseResult()
        return makeFuncType(funcPos: funcPos, typeParams: none, params: params, results: results)
    }

    // MARK: - Interfaces

    mutating func parseMethodSpec() -> Ref {
        var names = none
        var type: Ref
        let x = parseTypeName(none)
        if kind(x) == .ident {
            if tok == .lbrack {
                // generic method (an error) or embedded instantiated type
                let lbrack = pos
                next()
                exprLev += 1
                let first = parseExpr()
                exprLev -= 1
                if kind(first) == .ident && tok != .comma && tok != .rbrack {
                    _ = parseParameterList(name0: first, type0: none, closing: .rbrack)
                    expect(.rbrack)
                    report(lbrack, "interface method must have no type parameters")
                    let (_, params) = parseParameters(acceptTypeParams: false)
                    let results = parseResult()
                    names = makeList(one: x)
                    type = makeFuncType(funcPos: -1, typeParams: none, params: params, results: results)
                } else {
                    let mark = scratch.count
                    scratch.append(first)
                    if atComma("type argument list", .rbrack) {
                        exprLev += 1
                        next()
                        while tok != .rbrack && tok != .eof {
                            scratch.append(parseType())
                            if !atComma("type argument list", .rbrack) { break }
                            next()
                        }
                        exprLev -= 1
                    }
                    let rbrack = expectClosing(.rbrack, "type argument list")
                    let args = finishList(from: mark)
                    type = add(.indexExpr, start(x), rbrack + 1, a: x, b: Ref(lbrack), c: args)
                }
            } else if tok == .lparen {
                let (_, params) = parseParameters(acceptTypeParams: false)
                let results = parseResult()
                names = makeList(one: x)
                type = makeFuncType(funcPos: -1, typeParams: none, params: params, results: results)
            } else {
                type = x
            }
        } else {
            type = x
            if tok == .lbrack { type = parseTypeInstance(type) }
        }
        if names == none {
            return makeField(names: makeList([]), type: embeddedElem(type), tag: none)
        }
        return makeField(names: names, type: type, tag: none)
    }

    /// A union of terms: `A | ~B | C`.
    mutating func embeddedElem(_ first: Ref) -> Ref {
        var x = first != none ? first : embeddedTerm()
        while tok == .or {
            let opPos = pos
            next()
            let y = embeddedTerm()
            x = add(.binaryExpr, start(x), end(y), a: x, b: y, c: Ref(opPos), op: Token.or.rawValue)
        }
        return x
    }

    mutating func embeddedTerm() -> Ref {
        if tok == .tilde {
            let opPos = pos
            next()
            let x = parseType()
            return add(.unaryExpr, opPos, end(x), a: x, op: Token.tilde.rawValue)
        }
        let type = tryIdentOrType()
        if type != none { return type }
        let at = pos
        errorExpected(at, "~ term or type")
        advance(to: GoParser.expressionEnd)
        return bad(at, pos)
    }

    mutating func parseInterfaceType() -> Ref {
        let interfacePos = expect(.interface)
        let lbrace = expect(.lbrace)
        let mark = scratch.count
        elements: while true {
            if tok == .ident {
                let field = parseMethodSpec()
                expectSemi()
                scratch.append(field)
            } else if tok == .tilde {
                let type = embeddedElem(none)
                expectSemi()
                scratch.append(makeField(names: makeList([]), type: type, tag: none))
            } else {
                let type = tryIdentOrType()
                guard type != none else { break elements }
                let element = embeddedElem(type)
                expectSemi()
                scratch.append(makeField(names: makeList([]), type: element, tag: none))
            }
        }
        let rbrace = expect(.rbrace)
        let methods = makeFieldList(opening: lbrace, fields: finishList(from: mark), closing: rbrace)
        return add(.interfaceType, interfacePos, end(methods), a: methods)
    }

    mutating func parseMapType() -> Ref {
        let mapPos = expect(.map)
        expect(.lbrack)
        let key = parseType()
        expect(.rbrack)
        let value = parseType()
        return add(.mapType, mapPos, end(value), a: key, b: value)
    }

    mutating func parseChanType() -> Ref {
        let begin = pos
        var dir = ChanDirection.both
        var arrow = -1
        if tok == .chan {
            next()
            if tok == .arrow {
                arrow = pos
                next()
                dir = .send
            }
        } else {
            arrow = expect(.arrow)
            expect(.chan)
            dir = .receive
        }
        let value = parseType()
        return add(.chanType, begin, end(value), a: value, b: Ref(arrow), op: dir.rawValue)
    }

    mutating func parseTypeInstance(_ type: Ref) -> Ref {
        let opening = expect(.lbrack)
        exprLev += 1
        let mark = scratch.count
        while tok != .rbrack && tok != .eof {
            scratch.append(parseType())
            if !atComma("type argument list", .rbrack) { break }
            next()
        }
        exprLev -= 1
        let closing = expectClosing(.rbrack, "type argument list")
        if scratch.count == mark {
            errorExpected(closing, "type argument list")
            scratch.append(bad(opening + 1, closing))
        }
        let args = finishList(from: mark)
        return add(.indexExpr, start(type), closing + 1, a: type, b: Ref(opening), c: args)
    }

    mutating func tryIdentOrType() -> Ref {
        guard enterNesting() else { return bad(pos, pos) }
        defer { nestLev -= 1 }
        switch tok {
        case .ident:
            let type = parseTypeName(none)
            return tok == .lbrack ? parseTypeInstance(type) : type
        case .lbrack:
            let lbrack = expect(.lbrack)
            return parseArrayType(lbrack: lbrack, length: none)
        case .struct:
            return parseStructType()
        case .mul:
            return parsePointerType()
        case .func:
            return parseFuncType()
        case .interface:
            return parseInterfaceType()
        case .map:
            return parseMapType()
        case .chan, .arrow:
            return parseChanType()
        case .lparen:
            let lparen = pos
            next()
            let type = parseType()
            let rparen = expect(.rparen)
            return makeParen(lparen, type, rparen)
        default:
            return none
        }
    }
}
