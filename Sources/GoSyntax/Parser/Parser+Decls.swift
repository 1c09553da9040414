extension GoParser {
    mutating func parseImportSpec() -> Spec {
        var name: Ident?
        switch tok {
        case .period:
            name = Ident(start: pos, name: ".")
            next()
        case .ident:
            name = parseIdent()
        default:
            break
        }
        let pathPos = pos
        var path = ""
        if tok == .string {
            path = literalValue()
            if !ImportPath.isValid(path) {
                report(pathPos, "invalid import path: " + path)
            }
            next()
        } else {
            expect(.string)
        }
        expectSemi()
        let spec = ImportSpec(name: name, path: BasicLit(start: pathPos, kind: .string, value: path))
        imports.append(spec)
        return .import(spec)
    }

    mutating func parseValueSpec(_ keyword: Token, iota: Int) -> Spec {
        let specPos = pos
        let names = parseIdentList()
        let type = tryIdentOrType()
        var values: [Expr] = []
        var hasValues = false
        if tok == .assign {
            next()
            values = parseList(inRhs: true)
            hasValues = true
        }
        expectSemi()
        if keyword == .var && type == nil && !hasValues {
            report(specPos, "missing variable type or initialization")
        } else if keyword == .const && !hasValues && (iota == 0 || type != nil) {
            report(specPos, "missing constant value")
        }
        return .value(ValueSpec(names: names, type: type, values: values))
    }

    mutating func parseTypeSpec() -> Spec {
        let name = parseIdent()
        var spec = TypeSpec(name: name, typeParams: nil, assign: noPos, type: .bad(BadExpr(start: pos, end: pos)))
        if tok == .lbrack {
            // `type T[P any] …` (generic) or `type T [N]E` (array): decided after the first expression
            let lbrack = pos
            next()
            if tok == .ident {
                var x = Expr.ident(parseIdent())
                if tok != .lbrack {
                    exprLev += 1
                    let lhs = parsePrimaryExpr(x)
                    x = parseBinaryExpr(lhs, 1, check: false)
                    exprLev -= 1
                }
                let (paramName, paramType) = GoParser.extractName(x, force: tok == .comma)
                if let paramName, paramType != nil || tok != .rbrack {
                    let list = parseParameterList(name0: paramName, type0: paramType, closing: .rbrack)
                    let closing = expect(.rbrack)
                    spec.typeParams = FieldList(opening: lbrack, list: list, closing: closing)
                    if tok == .assign {
                        spec.assign = pos
                        next()
                    }
                    spec.type = parseType()
                } else {
                    spec.type = parseArrayType(lbrack: lbrack, length: x)
                }
            } else {
                spec.type = parseArrayType(lbrack: lbrack, length: nil)
            }
        } else {
            if tok == .assign {
                spec.assign = pos
                next()
            }
            spec.type = parseType()
        }
        expectSemi()
        return .type(spec)
    }

    /// Splits `P C` (parsed as an expression in `type T[P C]`) into a type parameter name
    /// and its constraint, when the expression can only be read that way.
    static func extractName(_ x: Expr, force: Bool) -> (Ident?, Expr?) {
        switch x {
        case .ident(let ident):
            return (ident, nil)
        case .binary(let binary):
            if binary.op == .mul, case .ident(let name) = binary.x, force || isTypeElement(binary.y) {
                return (name, .star(StarExpr(star: binary.opPos, x: binary.y)))
            }
            if binary.op == .or {
                let (name, lhs) = extractName(binary.x, force: force || isTypeElement(binary.y))
                if let name, let lhs {
                    var op = binary
                    op.x = lhs
                    return (name, .binary(op))
                }
            }
        case .call(let call):
            if case .ident(let name) = call.fun, call.args.count == 1, call.ellipsis == noPos,
               force || isTypeElement(call.args[0]) {
                return (name, call.args[0])
            }
        default:
            break
        }
        return (nil, x)
    }

    static func isTypeElement(_ x: Expr) -> Bool {
        switch x {
        case .arrayType, .structType, .funcType, .interfaceType, .mapType, .chanType:
            return true
        case .binary(let binary):
            return isTypeElement(binary.x) || isTypeElement(binary.y)
        case .unary(let unary):
            return unary.op == .tilde
        case .paren(let paren):
            return isTypeElement(paren.x)
        default:
            return false
        }
    }

    mutating func parseSpec(_ keyword: Token, iota: Int) -> Spec {
        switch keyword {
        case .import: return parseImportSpec()
        case .type: return parseTypeSpec()
        default: return parseValueSpec(keyword, iota: iota)
        }
    }

    mutating func parseGenDecl(_ keyword: Token) -> GenDecl {
        let tokPos = expect(keyword)
        var lparen = noPos
        var rparen = noPos
        var specs: [Spec] = []
        if tok == .lparen {
            lparen = pos
            next()
            var iota = 0
            while tok != .rparen && tok != .eof {
                specs.append(parseSpec(keyword, iota: iota))
                iota += 1
            }
            rparen = expect(.rparen)
            expectSemi()
        } else {
            specs.append(parseSpec(keyword, iota: 0))
        }
        return GenDecl(tokPos: tokPos, tok: keyword, lparen: lparen, specs: specs, rparen: rparen)
    }

    mutating func parseFuncDecl() -> FuncDecl {
        let funcPos = expect(.func)
        var recv: FieldList?
        if tok == .lparen {
            recv = parseParameters(acceptTypeParams: false).params
        }
        let name = parseIdent()
        var (typeParams, params) = parseParameters(acceptTypeParams: true)
        if recv != nil, let list = typeParams {
            report(list.opening, "method must have no type parameters")
            typeParams = nil
        }
        let results = parseResult()
        var body: BlockStmt?
        switch tok {
        case .lbrace:
            body = parseBody()
            expectSemi()
        case .semicolon:
            next()
            if tok == .lbrace {
                report(pos, "unexpected semicolon or newline before {")
                body = parseBody()
                expectSemi()
            }
        default:
            expectSemi()
        }
        let type = FuncType(funcPos: funcPos, typeParams: typeParams, params: params, results: results)
        return FuncDecl(recv: recv, name: name, type: type, body: body)
    }

    mutating func parseDecl(sync: Set<Token>) -> Decl {
        switch tok {
        case .const, .var, .type:
            return .gen(parseGenDecl(tok))
        case .func:
            return .fn(parseFuncDecl())
        default:
            let at = pos
            errorExpected(at, "declaration")
            advance(to: sync)
            return .bad(BadDecl(start: at, end: pos))
        }
    }
}

/// go/parser's check that an import path is a non-empty string of graphic, non-space
/// characters without the punctuation Go reserves.
enum ImportPath {
    static func isValid(_ literal: String) -> Bool {
        guard let path = unquote(literal), !path.isEmpty else { return false }
        let illegal = Set("!\"#$%&'()*,:;<=>?[\\]^{|}`\u{FFFD}".unicodeScalars)
        for scalar in path.unicodeScalars {
            if illegal.contains(scalar) || scalar.properties.isWhitespace || !isGraphic(scalar) { return false }
        }
        return true
    }

    static func isGraphic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// The value of a Go string literal (interpreted or raw); nil if it cannot be decoded.
    static func unquote(_ literal: String) -> String? {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2 else { return nil }
        if bytes[0] == UInt8(ascii: "`") { return String(decoding: bytes[1..<(bytes.count - 1)], as: UTF8.self) }
        guard bytes[0] == UInt8(ascii: "\"") else { return nil }
        var result: [UInt8] = []
        var index = 1
        let end = bytes.count - 1
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < end else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "a"): result.append(7)
            case UInt8(ascii: "b"): result.append(8)
            case UInt8(ascii: "f"): result.append(12)
            case UInt8(ascii: "n"): result.append(10)
            case UInt8(ascii: "r"): result.append(13)
            case UInt8(ascii: "t"): result.append(9)
            case UInt8(ascii: "v"): result.append(11)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): result.append(escape)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"), UInt8(ascii: "0")...UInt8(ascii: "7"):
                let digits = escape == UInt8(ascii: "x") ? 2 : escape == UInt8(ascii: "u") ? 4 : escape == UInt8(ascii: "U") ? 8 : 3
                let radix = escape >= UInt8(ascii: "0") && escape <= UInt8(ascii: "7") ? 8 : 16
                let start = radix == 8 ? index - 1 : index
                guard start + digits <= end,
                      let value = UInt32(String(decoding: bytes[start..<(start + digits)], as: UTF8.self), radix: radix) else { return nil }
                index = start + digits
                if escape == UInt8(ascii: "x") || radix == 8 {
                    guard value <= 255 else { return nil }
                    result.append(UInt8(value))
                } else {
                    guard let scalar = Unicode.Scalar(value) else { return nil }
                    result.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            default:
                return nil
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
