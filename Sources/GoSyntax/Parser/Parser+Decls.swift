extension GoParser {
    mutating func parseImportSpec() -> Ref {
        var name = none
        switch tok {
        case .period:
            name = add(.ident, pos, pos + 1)
            next()
        case .ident:
            name = parseIdent()
        default:
            break
        }
        let pathPos = pos
        var path: Ref
        if tok == .string {
            if !ImportPath.isValid(literal) {
                report(pathPos, "invalid import path: " + literal)
            }
            path = basicLit()
        } else {
            expect(.string)
            path = add(.basicLit, pathPos, pathPos, op: LiteralKind.string.rawValue)
        }
        expectSemi()
        return add(.importSpec, name != none ? start(name) : start(path), end(path), a: name, b: path)
    }

    mutating func parseValueSpec(_ keyword: Token, iota: Int) -> Ref {
        let specPos = pos
        let names = parseIdentList()
        let type = tryIdentOrType()
        var values = none
        if tok == .assign {
            next()
            values = parseList(inRhs: true)
        }
        expectSemi()
        if keyword == .var && type == none && values == none {
            report(specPos, "missing variable type or initialization")
        } else if keyword == .const && values == none && (iota == 0 || type != none) {
            report(specPos, "missing constant value")
        }
        if values == none { values = makeList([]) }
        let valueCount = listCount(values)
        let specEnd = valueCount > 0 ? end(listItem(values, valueCount - 1))
            : type != none ? end(type) : end(listItem(names, listCount(names) - 1))
        return add(.valueSpec, start(listItem(names, 0)), specEnd, a: names, b: type, c: values)
    }

    mutating func parseTypeSpec() -> Ref {
        let name = parseIdent()
        var typeParams = none
        var assign = -1
        var type: Ref
        if tok == .lbrack {
            // `type T[P any] …` (generic) or `type T [N]E` (array): decided after the first expression
            let lbrack = pos
            next()
            if tok == .ident {
                var x = parseIdent()
                if tok != .lbrack {
                    exprLev += 1
                    let lhs = parsePrimaryExpr(x)
                    x = parseBinaryExpr(lhs, 1, check: false)
                    exprLev -= 1
                }
                let (paramName, paramType) = extractName(x, force: tok == .comma)
                if paramName != none && (paramType != none || tok != .rbrack) {
                    let list = parseParameterList(name0: paramName, type0: paramType, closing: .rbrack)
                    let closing = expect(.rbrack)
                    typeParams = makeFieldList(opening: lbrack, fields: list, closing: closing)
                    if tok == .assign {
                        assign = pos
                        next()
                    }
                    type = parseType()
                } else {
                    type = parseArrayType(lbrack: lbrack, length: x)
                }
            } else {
                type = parseArrayType(lbrack: lbrack, length: none)
            }
        } else {
            if tok == .assign {
                assign = pos
                next()
            }
            type = parseType()
        }
        expectSemi()
        return add(.typeSpec, start(name), end(type), a: name, b: typeParams, c: Ref(assign), d: type)
    }

    /// Splits `P C` (parsed as an expression in `type T[P C]`) into a type parameter name
    /// and its constraint, when the expression can only be read that way.
    mutating func extractName(_ x: Ref, force: Bool) -> (Ref, Ref) {
        let record = nodes[Int(x)]
        switch record.kind {
        case .ident:
            return (x, none)
        case .binaryExpr:
            if record.op == Token.mul.rawValue, kind(record.a) == .ident, force || isTypeElement(record.b) {
                let star = add(.starExpr, Int(record.c), end(record.b), a: record.b)
                return (record.a, star)
            }
            if record.op == Token.or.rawValue {
                let (name, lhs) = extractName(record.a, force: force || isTypeElement(record.b))
                if name != none && lhs != none {
                    let union = add(.binaryExpr, start(lhs), Int(record.end), a: lhs, b: record.b, c: record.c, op: record.op)
                    return (name, union)
                }
            }
        case .callExpr:
            if kind(record.a) == .ident, listCount(record.c) == 1, record.d == none {
                let argument = listItem(record.c, 0)
                if force || isTypeElement(argument) { return (record.a, argument) }
            }
        default:
            break
        }
        return (none, x)
    }

    func isTypeElement(_ x: Ref) -> Bool {
        let record = nodes[Int(x)]
        switch record.kind {
        case .arrayType, .structType, .funcType, .interfaceType, .mapType, .chanType:
            return true
        case .binaryExpr:
            return isTypeElement(record.a) || isTypeElement(record.b)
        case .unaryExpr:
            return record.op == Token.tilde.rawValue
        case .parenExpr:
            return isTypeElement(record.a)
        default:
            return false
        }
    }

    mutating func parseSpec(_ keyword: Token, iota: Int) -> Ref {
        switch keyword {
        case .import: return parseImportSpec()
        case .type: return parseTypeSpec()
        default: return parseValueSpec(keyword, iota: iota)
        }
    }

    mutating func parseGenDecl(_ keyword: Token) -> Ref {
        let tokPos = expect(keyword)
        var lparen = -1
        var rparen = -1
        let mark = scratch.count
        if tok == .lparen {
            lparen = pos
            next()
            var iota = 0
            while tok != .rparen && tok != .eof {
                let spec = parseSpec(keyword, iota: iota)
                scratch.append(spec)
                iota += 1
            }
            rparen = expect(.rparen)
            expectSemi()
        } else {
            let spec = parseSpec(keyword, iota: 0)
            scratch.append(spec)
        }
        let declEnd = rparen >= 0 ? rparen + 1 : scratch.count > mark ? end(scratch[mark]) : tokPos
        let specs = finishList(from: mark)
        return add(.genDecl, tokPos, declEnd, a: specs, b: Ref(lparen), c: Ref(rparen), op: keyword.rawValue)
    }

    mutating func parseFuncDecl() -> Ref {
        let funcPos = expect(.func)
        var recv = none
        if tok == .lparen {
            recv = parseParameters(acceptTypeParams: false).params
        }
        let name = parseIdent()
        var (typeParams, params) = parseParameters(acceptTypeParams: true)
        if recv != none && typeParams != none {
            report(start(typeParams), "method must have no type parameters")
            typeParams = none
        }
        let results = parseResult()
        var body = none
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
        let type = makeFuncType(funcPos: funcPos, typeParams: typeParams, params: params, results: results)
        return add(.funcDecl, funcPos, body != none ? end(body) : end(type), a: recv, b: name, c: type, d: body)
    }

    mutating func parseDecl(sync: Set<Token>) -> Ref {
        switch tok {
        case .const, .var, .type:
            return parseGenDecl(tok)
        case .func:
            return parseFuncDecl()
        default:
            let at = pos
            errorExpected(at, "declaration")
            advance(to: sync)
            return add(.badDecl, at, pos)
        }
    }
}

/// go/parser's check that an import path is a non-empty string of graphic, non-space
/// characters without the punctuation Go reserves.
enum ImportPath {
    static func isValid(_ literal: String) -> Bool {
        // nearly every path is quoted plain ASCII: judged byte by byte, without decoding
        let plain = literal.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard bytes.count >= 3, bytes[0] == UInt8(ascii: "\""), bytes[bytes.count - 1] == UInt8(ascii: "\"") else { return nil }
            for byte in bytes[1..<(bytes.count - 1)] {
                if byte >= 0x80 || byte == UInt8(ascii: "\\") { return nil }
                if byte <= 0x20 || byte == 0x7F || isReservedPunctuation(byte) { return false }
            }
            return true
        }
        if let plain, let verdict = plain { return verdict }
        guard let path = unquote(literal), !path.isEmpty else { return false }
        for scalar in path.unicodeScalars {
            if scalar.isASCII {
                // printable ASCII other than space and Go's reserved punctuation
                let byte = UInt8(scalar.value)
                if byte <= 0x20 || byte == 0x7F || isReservedPunctuation(byte) { return false }
            } else if scalar == "\u{FFFD}" || scalar.properties.isWhitespace || !isGraphic(scalar) {
                return false
            }
        }
        return true
    }

    /// The ASCII punctuation an import path may not contain: !"#$%&'()*,:;<=>?[\]^`{|}
    private static func isReservedPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x2A, 0x2C, 0x3A...0x3F, 0x5B...0x5E, 0x60, 0x7B...0x7D: return true
        default: return false
        }
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
