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

    /// Keyword lookup by spelling; nil when the bytes are an ordinary identifier. Decided by
    /// length and first byte, then compared against static text: no tables, so no reference
    /// counting (parsers on several threads would otherwise contend on one shared array).
    @inline(__always)
    static func keyword(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Token? {
        let length = end - start
        guard length >= 2 && length <= 11, let base = bytes.baseAddress else { return nil }
        let word = base + start
        @inline(__always) func matches(_ text: StaticString) -> Bool {
            text.utf8CodeUnitCount == length && memcmp(word, text.utf8Start, length) == 0
        }
        switch (length, word[0]) {
        case (2, UInt8(ascii: "g")): return matches("go") ? .go : nil
        case (2, UInt8(ascii: "i")): return matches("if") ? .if : nil
        case (3, UInt8(ascii: "f")): return matches("for") ? .for : nil
        case (3, UInt8(ascii: "m")): return matches("map") ? .map : nil
        case (3, UInt8(ascii: "v")): return matches("var") ? .var : nil
        case (4, UInt8(ascii: "c")): return matches("case") ? .case : matches("chan") ? .chan : nil
        case (4, UInt8(ascii: "e")): return matches("else") ? .else : nil
        case (4, UInt8(ascii: "f")): return matches("func") ? .func : nil
        case (4, UInt8(ascii: "g")): return matches("goto") ? .goto : nil
        case (4, UInt8(ascii: "t")): return matches("type") ? .type : nil
        case (5, UInt8(ascii: "b")): return matches("break") ? .break : nil
        case (5, UInt8(ascii: "c")): return matches("const") ? .const : nil
        case (5, UInt8(ascii: "d")): return matches("defer") ? .defer : nil
        case (5, UInt8(ascii: "r")): return matches("range") ? .range : nil
        case (6, UInt8(ascii: "i")): return matches("import") ? .import : nil
        case (6, UInt8(ascii: "r")): return matches("return") ? .return : nil
        case (6, UInt8(ascii: "s")): return matches("select") ? .select : matches("struct") ? .struct : matches("switch") ? .switch : nil
        case (7, UInt8(ascii: "d")): return matches("default") ? .default : nil
        case (7, UInt8(ascii: "p")): return matches("package") ? .package : nil
        case (8, UInt8(ascii: "c")): return matches("continue") ? .continue : nil
        case (9, UInt8(ascii: "i")): return matches("interface") ? .interface : nil
        case (11, UInt8(ascii: "f")): return matches("fallthrough") ? .fallthrough : nil
        default: return nil
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
