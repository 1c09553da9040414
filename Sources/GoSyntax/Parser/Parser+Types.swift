extension GoParser {
    mutating func parseType() -> Expr {
        if let type = tryIdentOrType() { return type }
        let at = pos
        errorExpected(at, "type")
        advance(to: GoParser.expressionEnd)
        return .bad(BadExpr(start: at, end: pos))
    }

    mutating func parseQualifiedIdent(_ ident: Ident?) -> Expr {
        let type = parseTypeName(ident)
        return tok == .lbrack ? parseTypeInstance(type) : type
    }

    mutating func parseTypeName(_ ident: Ident?) -> Expr {
        let name = ident ?? parseIdent()
        if tok == .period {
            next()
            return .selector(SelectorExpr(x: .ident(name), sel: parseIdent()))
        }
        return .ident(name)
    }

    mutating func parseArrayType(lbrack: Int, length: Expr?) -> Expr {
        var length = length
        if length == nil {
            exprLev += 1
            if tok == .ellipsis {
                length = .ellipsis(Ellipsis(start: pos, elt: nil))
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
        return .arrayType(ArrayType(lbrack: lbrack, len: length, elt: elt))
    }

    /// After `name [`: an array field `name [N]T` or an instantiated embedded type `name[A, B]`.
    /// Returns the field name (nil for an embedded instance) and the type.
    mutating func parseArrayFieldOrTypeInstance(_ x: Ident) -> (Ident?, Expr) {
        let lbrack = expect(.lbrack)
        var args: [Expr] = []
        if tok != .rbrack {
            exprLev += 1
            args.append(parseRhsOrType())
            while tok == .comma {
                next()
                args.append(parseRhsOrType())
            }
            exprLev -= 1
        }
        let rbrack = expect(.rbrack)
        if args.isEmpty {
            let elt = parseType()
            return (x, .arrayType(ArrayType(lbrack: lbrack, len: nil, elt: elt)))
        }
        if args.count == 1, let elt = tryIdentOrType() {
            return (x, .arrayType(ArrayType(lbrack: lbrack, len: args[0], elt: elt)))
        }
        return (nil, .index(IndexExpr(x: .ident(x), lbrack: lbrack, indices: args, rbrack: rbrack)))
    }

    mutating func parseFieldDecl() -> Field {
        var names: [Ident] = []
        var type: Expr?
        if tok == .ident {
            let name = parseIdent()
            if tok == .period || tok == .string || tok == .semicolon || tok == .rbrace {
                type = tok == .period ? parseQualifiedIdent(name) : .ident(name)
            } else {
                names = [name]
                while tok == .comma {
                    next()
                    names.append(parseIdent())
                }
                if names.count == 1 && tok == .lbrack {
                    let (fieldName, fieldType) = parseArrayFieldOrTypeInstance(name)
                    if fieldName == nil { names = [] }
                    type = fieldType
                } else {
                    type = parseType()
                }
            }
        } else {
            type = parseType()
        }
        var tag: BasicLit?
        if tok == .string {
            tag = BasicLit(start: pos, kind: .string, value: literalValue())
            next()
        }
        expectSemi()
        return Field(names: names, type: type, tag: tag)
    }

    mutating func parseStructType() -> Expr {
        let structPos = expect(.struct)
        let lbrace = expect(.lbrace)
        var list: [Field] = []
        while tok == .ident || tok == .mul || tok == .lparen {
            list.append(parseFieldDecl())
        }
        let rbrace = expect(.rbrace)
        return .structType(StructType(structPos: structPos, fields: FieldList(opening: lbrace, list: list, closing: rbrace)))
    }

    mutating func parsePointerType() -> Expr {
        let star = expect(.mul)
        return .star(StarExpr(star: star, x: parseType()))
    }

    mutating func parseDotsType() -> Expr {
        let at = expect(.ellipsis)
        return .ellipsis(Ellipsis(start: at, elt: parseType()))
    }

    // MARK: - Parameters

    /// A parameter being collected: its name, its type, and which parsed type it shares
    /// (names followed by one type, as in `a, b int`, become one field).
    struct ParamEntry {
        var name: Ident?
        var type: Expr?
        var typeID: Int
    }

    mutating func parseParamDecl(_ name: Ident?, typeSetsOK: Bool, nextID: inout Int) -> ParamEntry {
        var entry = ParamEntry(name: nil, type: nil, typeID: -1)
        func newType(_ type: Expr, _ entry: inout ParamEntry, _ nextID: inout Int) {
            entry.type = type
            entry.typeID = nextID
            nextID += 1
        }
        if name == nil && typeSetsOK && tok == .tilde {
            newType(embeddedElem(nil), &entry, &nextID)
            return entry
        }
        if name != nil || tok == .ident {
            entry.name = name ?? parseIdent()
            switch tok {
            case .ident, .mul, .arrow, .func, .chan, .map, .struct, .interface, .lparen:
                newType(parseType(), &entry, &nextID)
            case .lbrack:
                let (fieldName, type) = parseArrayFieldOrTypeInstance(entry.name!)
                entry.name = fieldName
                newType(type, &entry, &nextID)
            case .ellipsis:
                newType(parseDotsType(), &entry, &nextID)
                return entry
            case .period:
                newType(parseQualifiedIdent(entry.name), &entry, &nextID)
                entry.name = nil
            case .tilde where typeSetsOK:
                newType(embeddedElem(nil), &entry, &nextID)
                return entry
            case .or where typeSetsOK:
                newType(embeddedElem(.ident(entry.name!)), &entry, &nextID)
                entry.name = nil
                return entry
            default:
                break
            }
        } else {
            switch tok {
            case .mul, .arrow, .func, .lbrack, .chan, .map, .struct, .interface, .lparen:
                newType(parseType(), &entry, &nextID)
            case .ellipsis:
                newType(parseDotsType(), &entry, &nextID)
                return entry
            default:
                errorExpected(pos, "')'")
                advance(to: GoParser.expressionEnd)
            }
        }
        if typeSetsOK && tok == .or, let type = entry.type {
            entry.type = embeddedElem(type)
        }
        return entry
    }

    mutating func parseParameterList(name0: Ident?, type0: Expr?, closing: Token) -> [Field] {
        let typeParams = closing == .rbrack
        let typeSetsOK = typeParams
        let listPos = name0?.start ?? pos
        var name0 = name0
        var type0 = type0
        var list: [ParamEntry] = []
        var named = 0
        var nextID = 0
        while name0 != nil || (tok != closing && tok != .eof) {
            var entry: ParamEntry
            if let type = type0 {
                entry = ParamEntry(name: name0, type: typeSetsOK ? embeddedElem(type) : type, typeID: nextID)
                nextID += 1
            } else {
                entry = parseParamDecl(name0, typeSetsOK: typeSetsOK, nextID: &nextID)
            }
            name0 = nil
            type0 = nil
            if entry.name != nil || entry.type != nil {
                list.append(entry)
                if entry.name != nil && entry.type != nil { named += 1 }
            }
            if !atComma("parameter list", closing) { break }
            next()
        }
        if list.isEmpty { return [] }

        if named == 0 {
            // all unnamed: what was parsed as names are types
            for index in list.indices where list[index].name != nil {
                list[index].type = .ident(list[index].name!)
                list[index].typeID = nextID
                nextID += 1
                list[index].name = nil
            }
            if typeParams { report(listPos, "all type parameters must be named") }
            return list.map { Field(names: [], type: $0.type, tag: nil) }
        }
        if named != list.count {
            // some named: distribute types backwards to the names before them
            var ok = true
            var type: Expr?
            var typeID = -1
            var missingName = listPos
            for index in list.indices.reversed() {
                if let own = list[index].type {
                    type = own
                    typeID = list[index].typeID
                    if list[index].name == nil {
                        ok = false
                        missingName = own.start
                        list[index].name = Ident(start: own.start, name: "_")
                    }
                } else if let shared = type {
                    list[index].type = shared
                    list[index].typeID = typeID
                } else {
                    ok = false
                    let name = list[index].name!
                    missingName = name.start
                    list[index].type = .bad(BadExpr(start: name.start, end: pos))
                    list[index].typeID = nextID
                    nextID += 1
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
        var fields: [Field] = []
        var names: [Ident] = []
        var currentType: Expr?
        var currentID = -2
        for entry in list {
            if entry.typeID != currentID {
                if !names.isEmpty { fields.append(Field(names: names, type: currentType, tag: nil)) }
                names = []
                currentType = entry.type
                currentID = entry.typeID
            }
            names.append(entry.name!)
        }
        if !names.isEmpty { fields.append(Field(names: names, type: currentType, tag: nil)) }
        return fields
    }

    mutating func parseParameters(acceptTypeParams: Bool) -> (typeParams: FieldList?, params: FieldList) {
        var typeParams: FieldList?
        if acceptTypeParams && tok == .lbrack {
            let opening = pos
            next()
            let list = parseParameterList(name0: nil, type0: nil, closing: .rbrack)
            let rbrack = expect(.rbrack)
            let fields = FieldList(opening: opening, list: list, closing: rbrack)
            if fields.count == 0 || list.isEmpty {
                report(rbrack, "empty type parameter list")
            } else {
                typeParams = fields
            }
        }
        let opening = expect(.lparen)
        var fields: [Field] = []
        if tok != .rparen {
            fields = parseParameterList(name0: nil, type0: nil, closing: .rparen)
        }
        let rparen = expect(.rparen)
        return (typeParams, FieldList(opening: opening, list: fields, closing: rparen))
    }

    mutating func parseResult() -> FieldList? {
        if tok == .lparen {
            return parseParameters(acceptTypeParams: false).params
        }
        if let type = tryIdentOrType() {
            return FieldList(opening: noPos, list: [Field(names: [], type: type, tag: nil)], closing: noPos)
        }
        return nil
    }

    mutating func parseFuncType() -> FuncType {
        let funcPos = expect(.func)
        let (typeParams, params) = parseParameters(acceptTypeParams: true)
        if let typeParams {
            report(typeParams.start, "function type must have no type parameters")
        }
        let results = parseResult()
        return FuncType(funcPos: funcPos, typeParams: nil, params: params, results: results)
    }

    // MARK: - Interfaces

    mutating func parseMethodSpec() -> Field {
        var names: [Ident] = []
        var type: Expr
        let x = parseTypeName(nil)
        if case .ident(let ident) = x {
            if tok == .lbrack {
                // generic method (an error) or embedded instantiated type
                let lbrack = pos
                next()
                exprLev += 1
                let first = parseExpr()
                exprLev -= 1
                if case .ident(let name0) = first, tok != .comma && tok != .rbrack {
                    _ = parseParameterList(name0: name0, type0: nil, closing: .rbrack)
                    expect(.rbrack)
                    report(lbrack, "interface method must have no type parameters")
                    let (_, params) = parseParameters(acceptTypeParams: false)
                    let results = parseResult()
                    names = [ident]
                    type = .funcType(FuncType(funcPos: noPos, typeParams: nil, params: params, results: results))
                } else {
                    var list = [first]
                    if atComma("type argument list", .rbrack) {
                        exprLev += 1
                        next()
                        while tok != .rbrack && tok != .eof {
                            list.append(parseType())
                            if !atComma("type argument list", .rbrack) { break }
                            next()
                        }
                        exprLev -= 1
                    }
                    let rbrack = expectClosing(.rbrack, "type argument list")
                    type = .index(IndexExpr(x: .ident(ident), lbrack: lbrack, indices: list, rbrack: rbrack))
                }
            } else if tok == .lparen {
                let (_, params) = parseParameters(acceptTypeParams: false)
                let results = parseResult()
                names = [ident]
                type = .funcType(FuncType(funcPos: noPos, typeParams: nil, params: params, results: results))
            } else {
                type = x
            }
        } else {
            type = x
            if tok == .lbrack { type = parseTypeInstance(type) }
        }
        return Field(names: names, type: type, tag: nil)
    }

    /// A union of terms: `A | ~B | C`.
    mutating func embeddedElem(_ first: Expr?) -> Expr {
        var x = first ?? embeddedTerm()
        while tok == .or {
            let opPos = pos
            next()
            let y = embeddedTerm()
            x = .binary(BinaryExpr(x: x, opPos: opPos, op: .or, y: y))
        }
        return x
    }

    mutating func embeddedTerm() -> Expr {
        if tok == .tilde {
            let opPos = pos
            next()
            return .unary(UnaryExpr(opPos: opPos, op: .tilde, x: parseType()))
        }
        if let type = tryIdentOrType() { return type }
        let at = pos
        errorExpected(at, "~ term or type")
        advance(to: GoParser.expressionEnd)
        return .bad(BadExpr(start: at, end: pos))
    }

    mutating func parseInterfaceType() -> Expr {
        let interfacePos = expect(.interface)
        let lbrace = expect(.lbrace)
        var list: [Field] = []
        elements: while true {
            if tok == .ident {
                var field = parseMethodSpec()
                if field.names.isEmpty, let type = field.type { field.type = embeddedElem(type) }
                expectSemi()
                list.append(field)
            } else if tok == .tilde {
                let type = embeddedElem(nil)
                expectSemi()
                list.append(Field(names: [], type: type, tag: nil))
            } else if let type = tryIdentOrType() {
                let element = embeddedElem(type)
                expectSemi()
                list.append(Field(names: [], type: element, tag: nil))
            } else {
                break elements
            }
        }
        let rbrace = expect(.rbrace)
        return .interfaceType(InterfaceType(interfacePos: interfacePos, methods: FieldList(opening: lbrace, list: list, closing: rbrace)))
    }

    mutating func parseMapType() -> Expr {
        let mapPos = expect(.map)
        expect(.lbrack)
        let key = parseType()
        expect(.rbrack)
        let value = parseType()
        return .mapType(MapType(mapPos: mapPos, key: key, value: value))
    }

    mutating func parseChanType() -> Expr {
        let begin = pos
        var dir = ChanDirection.both
        var arrow = noPos
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
        return .chanType(ChanType(begin: begin, arrow: arrow, dir: dir, value: value))
    }

    mutating func parseTypeInstance(_ type: Expr) -> Expr {
        let opening = expect(.lbrack)
        exprLev += 1
        var list: [Expr] = []
        while tok != .rbrack && tok != .eof {
            list.append(parseType())
            if !atComma("type argument list", .rbrack) { break }
            next()
        }
        exprLev -= 1
        let closing = expectClosing(.rbrack, "type argument list")
        if list.isEmpty {
            errorExpected(closing, "type argument list")
            list = [.bad(BadExpr(start: opening + 1, end: closing))]
        }
        return .index(IndexExpr(x: type, lbrack: opening, indices: list, rbrack: closing))
    }

    mutating func tryIdentOrType() -> Expr? {
        guard enterNesting() else { return .bad(BadExpr(start: pos, end: pos)) }
        defer { nestLev -= 1 }
        switch tok {
        case .ident:
            let type = parseTypeName(nil)
            return tok == .lbrack ? parseTypeInstance(type) : type
        case .lbrack:
            let lbrack = expect(.lbrack)
            return parseArrayType(lbrack: lbrack, length: nil)
        case .struct:
            return parseStructType()
        case .mul:
            return parsePointerType()
        case .func:
            return .funcType(parseFuncType())
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
            return .paren(ParenExpr(lparen: lparen, x: type, rparen: rparen))
        default:
            return nil
        }
    }
}
