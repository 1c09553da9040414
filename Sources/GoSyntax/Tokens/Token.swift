/// Go's lexical tokens, named as in go/token.
public enum Token: UInt8, Sendable {
    case illegal, eof, comment

    // Literals
    case ident, int, float, imag, char, string

    // Operators and delimiters
    case add, sub, mul, quo, rem                 // + - * / %
    case and, or, xor, shl, shr, andNot          // & | ^ << >> &^
    case addAssign, subAssign, mulAssign, quoAssign, remAssign
    case andAssign, orAssign, xorAssign, shlAssign, shrAssign, andNotAssign
    case land, lor, arrow, inc, dec              // && || <- ++ --
    case eql, lss, gtr, assign, not             // == < > = !
    case neq, leq, geq, define, ellipsis         // != <= >= := ...
    case lparen, lbrack, lbrace, comma, period
    case rparen, rbrack, rbrace, semicolon, colon
    case tilde

    // Keywords
    case `break`, `case`, chan, const, `continue`
    case `default`, `defer`, `else`, `fallthrough`, `for`
    case `func`, go, goto, `if`, `import`
    case interface, map, package, range, `return`
    case select, `struct`, `switch`, type, `var`

    public var isLiteral: Bool { rawValue >= Token.ident.rawValue && rawValue <= Token.string.rawValue }
    public var isOperator: Bool { rawValue >= Token.add.rawValue && rawValue <= Token.tilde.rawValue }
    public var isKeyword: Bool { rawValue >= Token.break.rawValue }

    /// Binary operator precedence (5 highest); 0 for anything that is not a binary operator.
    public var precedence: Int {
        switch self {
        case .lor: return 1
        case .land: return 2
        case .eql, .neq, .lss, .leq, .gtr, .geq: return 3
        case .add, .sub, .or, .xor: return 4
        case .mul, .quo, .rem, .shl, .shr, .and, .andNot: return 5
        default: return 0
        }
    }

    /// The token's spelling, as Go writes it (for literals and ident, a category name).
    public var text: String { Token.spellings[Int(rawValue)] }

    private static let spellings: [String] = [
        "ILLEGAL", "EOF", "COMMENT",
        "IDENT", "INT", "FLOAT", "IMAG", "CHAR", "STRING",
        "+", "-", "*", "/", "%",
        "&", "|", "^", "<<", ">>", "&^",
        "+=", "-=", "*=", "/=", "%=",
        "&=", "|=", "^=", "<<=", ">>=", "&^=",
        "&&", "||", "<-", "++", "--",
        "==", "<", ">", "=", "!",
        "!=", "<=", ">=", ":=", "...",
        "(", "[", "{", ",", ".",
        ")", "]", "}", ";", ":",
        "~",
        "break", "case", "chan", "const", "continue",
        "default", "defer", "else", "fallthrough", "for",
        "func", "go", "goto", "if", "import",
        "interface", "map", "package", "range", "return",
        "select", "struct", "switch", "type", "var",
    ]

    /// Keyword lookup by spelling; nil when the bytes are an ordinary identifier. A perfect
    /// hash of the first two bytes and the length picks the one keyword it could be.
    @inline(__always)
    static func keyword(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Token? {
        let length = end - start
        guard length >= 2 && length <= 11 else { return nil }
        let slot = (Int(bytes[start]) &* 6 &+ Int(bytes[start + 1]) &* 23 &+ length) & 63
        let raw = keywordTable[slot]
        guard raw != 0 else { return nil }
        let candidate = Token(rawValue: raw)!
        let spelling = keywordSpellings[slot]
        guard spelling.count == length else { return nil }
        for index in 0..<length where spelling[index] != bytes[start + index] { return nil }
        return candidate
    }

    private static let keywordTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 64)
        for raw in Token.break.rawValue...Token.var.rawValue {
            let spelling = Array(Token(rawValue: raw)!.text.utf8)
            table[keywordSlot(spelling)] = raw
        }
        return table
    }()

    private static let keywordSpellings: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 64)
        for raw in Token.break.rawValue...Token.var.rawValue {
            let spelling = Array(Token(rawValue: raw)!.text.utf8)
            table[keywordSlot(spelling)] = spelling
        }
        return table
    }()

    private static func keywordSlot(_ spelling: [UInt8]) -> Int {
        (Int(spelling[0]) * 6 + Int(spelling[1]) * 23 + spelling.count) & 63
    }
}
