#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One scanned token: its kind and byte range. An inserted semicolon has an empty range.
public struct Lexeme: Sendable {
    public var token: Token
    public var start: Int
    public var end: Int
}

/// Go's scanner over raw bytes, with the spec's semicolon insertion. Comments are not returned
/// as tokens; they are collected in `comments`. Errors are collected, never thrown.
///
/// The buffer must stay alive while the scanner is used (the parser scopes it).
struct Scanner {
    let src: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0
    private var insertSemi = false
    var errors: [SyntaxError] = []
    var comments: [Comment] = []

    init(_ src: UnsafeBufferPointer<UInt8>) {
        self.src = src
        if src.count >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
            offset = 3  // a byte order mark at the start is ignored
        }
        checkEncoding()
    }

    mutating func error(_ offset: Int, _ message: String) {
        errors.append(SyntaxError(offset: offset, message: message))
    }

    /// NUL bytes, invalid UTF-8 and misplaced byte order marks are errors wherever they appear.
    /// Checked in one pass so the token loops can stay ASCII-simple.
    private mutating func checkEncoding() {
        var index = offset
        let count = src.count
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        @inline(__always) func suspicious(_ word: UInt64) -> UInt64 {
            (word & high) | ((word &- ones) & ~word & high)  // a high bit set, or a zero byte
        }
        while index < count {
            // fastest path: 32 bytes at a time while they are all ASCII and none is NUL
            if index + 32 <= count {
                let raw = UnsafeRawPointer(src.baseAddress! + index)
                if suspicious(raw.loadUnaligned(as: UInt64.self)) | suspicious(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                    | suspicious(raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
                    | suspicious(raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) == 0 {
                    index += 32
                    continue
                }
            }
            // fast path: eight bytes at a time while they are all ASCII and none is NUL
            if index + 8 <= count {
                if suspicious(UnsafeRawPointer(src.baseAddress! + index).loadUnaligned(as: UInt64.self)) == 0 {
                    index += 8
                    continue
                }
            }
            let byte = src[index]
            if byte != 0 && byte < 0x80 {
                index += 1
                continue
            }
            if byte == 0 {
                error(index, "illegal character NUL")
                index += 1
                continue
            }
            let (scalar, width) = GoUnicode.decode(src, at: index)
            if scalar == 0xFFFD && width == 1 {
                error(index, "illegal UTF-8 encoding")
            } else if scalar == 0xFEFF {
                error(index, "illegal byte order mark")
            }
            index += width
        }
    }

    @inline(__always) private func byte(_ index: Int) -> UInt8 {
        index < src.count ? src[index] : 0
    }

    @inline(__always) private var atEnd: Bool { offset >= src.count }

    mutating func next() -> Lexeme {
        while true {
            skipWhitespace()
            let start = offset
            guard offset < src.count else {
                if insertSemi {
                    insertSemi = false
                    return Lexeme(token: .semicolon, start: start, end: start)
                }
                return Lexeme(token: .eof, start: start, end: start)
            }
            let ch = src[offset]
            // one switch on the first byte: identifiers first, they are most tokens
            switch ch {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                let end = scanIdentifierTail(from: offset + 1)
                offset = end
                var token = Token.ident
                if end - start > 1, let keyword = Token.keyword(src, start, end) { token = keyword }
                switch token {
                case .ident, .break, .continue, .fallthrough, .return: insertSemi = true
                default: insertSemi = false
                }
                return Lexeme(token: token, start: start, end: end)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                insertSemi = true
                let token = scanNumber()
                return Lexeme(token: token, start: start, end: offset)
            case UInt8(ascii: ".") where isDecimal(byte(offset + 1)):
                insertSemi = true
                let token = scanNumber()
                return Lexeme(token: token, start: start, end: offset)
            case 0x80...0xFF:
                return scanNonASCII(start)
            default:
                break
            }
            offset += 1
            var token: Token
            var semi = false
            switch ch {
            case UInt8(ascii: "\n"):
                insertSemi = false
                return Lexeme(token: .semicolon, start: start, end: start)
            case UInt8(ascii: "\""):
                semi = true
                token = .string
                scanString(start)
            case UInt8(ascii: "'"):
                semi = true
                token = .char
                scanRune(start)
            case UInt8(ascii: "`"):
                semi = true
                token = .string
                scanRawString(start)
            case UInt8(ascii: ":"): token = take("=", .define, else: .colon)
            case UInt8(ascii: "."):
                token = .period
                if byte(offset) == UInt8(ascii: ".") && byte(offset + 1) == UInt8(ascii: ".") {
                    offset += 2
                    token = .ellipsis
                }
            case UInt8(ascii: ","): token = .comma
            case UInt8(ascii: ";"): token = .semicolon
            case UInt8(ascii: "("): token = .lparen
            case UInt8(ascii: ")"): token = .rparen; semi = true
            case UInt8(ascii: "["): token = .lbrack
            case UInt8(ascii: "]"): token = .rbrack; semi = true
            case UInt8(ascii: "{"): token = .lbrace
            case UInt8(ascii: "}"): token = .rbrace; semi = true
            case UInt8(ascii: "+"):
                token = take3(.add, .addAssign, "+", .inc)
                semi = token == .inc
            case UInt8(ascii: "-"):
                token = take3(.sub, .subAssign, "-", .dec)
                semi = token == .dec
            case UInt8(ascii: "*"): token = take("=", .mulAssign, else: .mul)
            case UInt8(ascii: "/"):
                let following = byte(offset)
                if following == UInt8(ascii: "/") || following == UInt8(ascii: "*") {
                    if insertSemi && commentReachesLineEnd(from: start) {
                        offset = start  // the comment is scanned after the semicolon
                        insertSemi = false
                        return Lexeme(token: .semicolon, start: start, end: start)
                    }
                    scanComment(start)
                    insertSemi = false
                    continue
                }
                token = take("=", .quoAssign, else: .quo)
            case UInt8(ascii: "%"): token = take("=", .remAssign, else: .rem)
            case UInt8(ascii: "^"): token = take("=", .xorAssign, else: .xor)
            case UInt8(ascii: "<"):
                if byte(offset) == UInt8(ascii: "-") {
                    offset += 1
                    token = .arrow
                } else {
                    token = take4(.lss, .leq, "<", .shl, .shlAssign)
                }
            case UInt8(ascii: ">"): token = take4(.gtr, .geq, ">", .shr, .shrAssign)
            case UInt8(ascii: "="): token = take("=", .eql, else: .assign)
            case UInt8(ascii: "!"): token = take("=", .neq, else: .not)
            case UInt8(ascii: "&"):
                if byte(offset) == UInt8(ascii: "^") {
                    offset += 1
                    token = take("=", .andNotAssign, else: .andNot)
                } else {
                    token = take3(.and, .andAssign, "&", .land)
                }
            case UInt8(ascii: "|"): token = take3(.or, .orAssign, "|", .lor)
            case UInt8(ascii: "~"): token = .tilde
            default:
                return illegalASCII(ch, start)
            }
            insertSemi = semi
            return Lexeme(token: token, start: start, end: offset)
        }
    }

    // Rare paths, out of line so that `next` stays small (it runs once per token).

    /// An identifier starting with a non-ASCII letter, or an illegal character.
    @inline(never) private mutating func scanNonASCII(_ start: Int) -> Lexeme {
        let (scalar, width) = GoUnicode.decode(src, at: offset)
        if GoUnicode.isLetter(scalar) {
            offset = scanIdentifierTail(from: offset + width)
            insertSemi = true
            return Lexeme(token: .ident, start: start, end: offset)
        }
        offset += width
        if scalar != 0xFEFF && !(scalar == 0xFFFD && width == 1) {
            error(start, "illegal character \(Scanner.describe(scalar))")
        }
        // insertSemi is preserved, as go/scanner does for illegal characters
        return Lexeme(token: .illegal, start: start, end: offset)
    }

    @inline(never) private mutating func illegalASCII(_ ch: UInt8, _ start: Int) -> Lexeme {
        if ch != 0 {  // NUL was reported by the encoding check
            error(start, "illegal character \(Scanner.describe(UInt32(ch)))")
        }
        return Lexeme(token: .illegal, start: start, end: offset)
    }

    // MARK: - Whitespace and comments

    /// Spaces, tabs, carriage returns, and newlines where no semicolon is due, as one bit test
    /// on a local index: updating `offset` in the loop stored it to memory on every byte.
    @inline(__always) private mutating func skipWhitespace() {
        let blanks: UInt64 = 1 << 0x20 | 1 << 0x09 | 1 << 0x0D | (insertSemi ? 0 : 1 << 0x0A)
        var index = offset
        let count = src.count
        while index < count {
            let ch = src[index]
            guard ch <= 0x20 && (blanks >> UInt64(ch)) & 1 != 0 else { break }
            index += 1
        }
        offset = index
    }

    /// Whether the comments starting at `start` run into a newline or EOF before the next token.
    private func commentReachesLineEnd(from start: Int) -> Bool {
        var index = start
        while index + 1 < src.count && src[index] == UInt8(ascii: "/") {
            let kind = src[index + 1]
            if kind == UInt8(ascii: "/") { return true }
            guard kind == UInt8(ascii: "*") else { return false }
            index += 2
            var closed = false
            while index < src.count {
                if src[index] == UInt8(ascii: "\n") { return true }
                if src[index] == UInt8(ascii: "*") && index + 1 < src.count && src[index + 1] == UInt8(ascii: "/") {
                    index += 2
                    closed = true
                    break
                }
                index += 1
            }
            if !closed { return true }
            while index < src.count && (src[index] == UInt8(ascii: " ") || src[index] == UInt8(ascii: "\t") || src[index] == UInt8(ascii: "\r")) {
                index += 1
            }
            if index >= src.count || src[index] == UInt8(ascii: "\n") { return true }
        }
        return false
    }

    private mutating func scanComment(_ start: Int) {
        if src[offset] == UInt8(ascii: "/") {
            offset = Scanner.find(UInt8(ascii: "\n"), in: src, from: offset)
            var end = offset
            if end > start + 2 && src[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            comments.append(Comment(start: start, end: end))
            checkLineDirective(start, end, atLineStart: isLineStart(start))
            return
        }
        offset += 1
        while offset < src.count {
            offset = Scanner.find(UInt8(ascii: "*"), in: src, from: offset)
            guard offset < src.count else { break }
            if offset + 1 < src.count && src[offset + 1] == UInt8(ascii: "/") {
                offset += 2
                comments.append(Comment(start: start, end: offset))
                checkLineDirective(start, offset, atLineStart: true)
                return
            }
            offset += 1
        }
        error(start, "comment not terminated")
        comments.append(Comment(start: start, end: offset))
    }

    /// The offset of the first `byte` at or after `start`, or the end: memchr, which looks at
    /// many bytes at a time (comments are long).
    @inline(__always) static func find(_ byte: UInt8, in src: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < src.count, let base = src.baseAddress,
              let found = memchr(base + start, Int32(byte), src.count - start) else { return src.count }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    private func isLineStart(_ index: Int) -> Bool {
        index == 0 || src[index - 1] == UInt8(ascii: "\n")
    }

    /// `//line file:line[:col]` directives change positions in go/token; Seep reports raw
    /// positions, but a malformed directive is still an error, as it is for go/scanner.
    private mutating func checkLineDirective(_ start: Int, _ end: Int, atLineStart: Bool) {
        guard atLineStart, end - start >= 7 else { return }
        let prefix: StaticString = "line "  // static text: no array made for every comment
        for index in 0..<5 where src[start + 2 + index] != prefix.utf8Start[index] { return }
        let isBlock = src[start + 1] == UInt8(ascii: "*")
        let textStart = start + 7
        let textEnd = isBlock ? end - 2 : end
        let text: [UInt8] = textEnd > textStart ? Array(src[textStart..<textEnd]) : []
        guard let colon = text.lastIndex(of: UInt8(ascii: ":")) else { return }
        let numberStart = colon + 1
        guard let number = Scanner.parseUnsigned(text[numberStart...]) else {
            errorLine(textStart, numberStart, text, "invalid line number: ")
            return
        }
        let maxLineCol = (1 << 30) - 1
        var line = number
        var lineStart = numberStart
        if let colon2 = text[..<colon].lastIndex(of: UInt8(ascii: ":")),
           let first = Scanner.parseUnsigned(text[(colon2 + 1)..<colon]) {
            if number == 0 || number > maxLineCol {
                errorLine(textStart, numberStart, text, "invalid column number: ")
                return
            }
            line = first
            lineStart = colon2 + 1
        }
        if line == 0 || line > maxLineCol {
            errorLine(textStart, lineStart, text, "invalid line number: ")
        }
    }

    private mutating func errorLine(_ base: Int, _ at: Int, _ text: [UInt8], _ message: String) {
        error(base + at, message + String(decoding: text[at...], as: UTF8.self))
    }

    /// strconv.ParseUint(s, 10, 0): decimal digits only, no sign, fits in 64 bits.
    static func parseUnsigned(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value > UInt64(Int.max) ? Int.max : Int(value)
    }

    // MARK: - Identifiers and numbers

    /// Letters, digits and '_', as one bit test: bit `ch` of a 128-bit set held in two words.
    @inline(__always) private func isASCIIIdentifierByte(_ ch: UInt8) -> Bool {
        let digits: UInt64 = 0x03FF_0000_0000_0000   // '0'...'9': bits 48-57
        let letters: UInt64 = 0x07FF_FFFE_87FF_FFFE  // 'A'...'Z', '_', 'a'...'z': bits 65-90, 95, 97-122
        let word = ch < 64 ? digits : letters
        return ch < 128 && (word >> UInt64(ch & 63)) & 1 != 0
    }

    @inline(__always) private func isDecimal(_ ch: UInt8) -> Bool {
        ch >= UInt8(ascii: "0") && ch <= UInt8(ascii: "9")
    }

    @inline(__always) private func isHex(_ ch: UInt8) -> Bool {
        let lower = ch | 0x20
        return isDecimal(ch) || (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f"))
    }

    /// Inlined into `next`: identifiers are most tokens and most are short, so the call
    /// would cost as much as the scan. Non-ASCII letters and digits continue out of line.
    @inline(__always) private func scanIdentifierTail(from index: Int) -> Int {
        var index = index
        let count = src.count
        while index < count {
            let ch = src[index]
            if isASCIIIdentifierByte(ch) {
                index += 1
            } else if ch >= 0x80 {
                return scanNonASCIIIdentifierTail(from: index)
            } else {
                return index
            }
        }
        return index
    }

    @inline(never) private func scanNonASCIIIdentifierTail(from index: Int) -> Int {
        var index = index
        while index < src.count {
            let ch = src[index]
            if isASCIIIdentifierByte(ch) {
                index += 1
            } else if ch >= 0x80 {
                let (scalar, width) = GoUnicode.decode(src, at: index)
                guard GoUnicode.isLetter(scalar) || GoUnicode.isDigit(scalar) else { return index }
                index += width
            } else {
                return index
            }
        }
        return index
    }

    /// Scans `{ digit | '_' }`; returns bit 0 when digits were seen, bit 1 for separators.
    private mutating func digits(base: Int, invalid: inout Int) -> Int {
        var seen = 0
        if base <= 10 {
            let limit = UInt8(ascii: "0") + UInt8(base)
            while offset < src.count {
                let ch = src[offset]
                if ch == UInt8(ascii: "_") {
                    seen |= 2
                } else if isDecimal(ch) {
                    seen |= 1
                    if ch >= limit && invalid < 0 { invalid = offset }
                } else {
                    break
                }
                offset += 1
            }
        } else {
            while offset < src.count {
                let ch = src[offset]
                if ch == UInt8(ascii: "_") { seen |= 2 } else if isHex(ch) { seen |= 1 } else { break }
                offset += 1
            }
        }
        return seen
    }

    private mutating func scanNumber() -> Token {
        let start = offset
        var token = Token.illegal
        var base = 10
        var prefix: UInt8 = 0  // 0 decimal, '0' legacy octal, 'x', 'o', 'b'
        var seen = 0
        var invalid = -1

        if src[offset] != UInt8(ascii: ".") {
            token = .int
            if src[offset] == UInt8(ascii: "0") {
                offset += 1
                switch byte(offset) | 0x20 {
                case UInt8(ascii: "x"): offset += 1; base = 16; prefix = UInt8(ascii: "x")
                case UInt8(ascii: "o"): offset += 1; base = 8; prefix = UInt8(ascii: "o")
                case UInt8(ascii: "b"): offset += 1; base = 2; prefix = UInt8(ascii: "b")
                default: base = 8; prefix = UInt8(ascii: "0"); seen = 1
                }
            }
            seen |= digits(base: base, invalid: &invalid)
        }
        if byte(offset) == UInt8(ascii: ".") {
            token = .float
            if prefix == UInt8(ascii: "o") || prefix == UInt8(ascii: "b") {
                error(offset, "invalid radix point in " + Scanner.literalName(prefix))
            }
            offset += 1
            seen |= digits(base: base, invalid: &invalid)
        }
        if seen & 1 == 0 {
            error(offset, Scanner.literalName(prefix) + " has no digits")
        }
        let exponent = byte(offset) | 0x20
        if exponent == UInt8(ascii: "e") || exponent == UInt8(ascii: "p") {
            let letter = Character(Unicode.Scalar(src[offset]))
            if exponent == UInt8(ascii: "e") && prefix != 0 && prefix != UInt8(ascii: "0") {
                error(offset, "'\(letter)' exponent requires decimal mantissa")
            } else if exponent == UInt8(ascii: "p") && prefix != UInt8(ascii: "x") {
                error(offset, "'\(letter)' exponent requires hexadecimal mantissa")
            }
            offset += 1
            token = .float
            if byte(offset) == UInt8(ascii: "+") || byte(offset) == UInt8(ascii: "-") { offset += 1 }
            var unused = -1
            let exponentDigits = digits(base: 10, invalid: &unused)
            seen |= exponentDigits
            if exponentDigits & 1 == 0 { error(offset, "exponent has no digits") }
        } else if prefix == UInt8(ascii: "x") && token == .float {
            error(offset, "hexadecimal mantissa requires a 'p' exponent")
        }
        if byte(offset) == UInt8(ascii: "i") {
            token = .imag
            offset += 1
        }
        if token == .int && invalid >= 0 {
            let digit = Character(Unicode.Scalar(src[invalid]))
            error(invalid, "invalid digit '\(digit)' in " + Scanner.literalName(prefix))
        }
        if seen & 2 != 0, let bad = invalidSeparator(start, offset) {
            error(bad, "'_' must separate successive digits")
        }
        return token
    }

    static func literalName(_ prefix: UInt8) -> String {
        switch prefix {
        case UInt8(ascii: "x"): return "hexadecimal literal"
        case UInt8(ascii: "o"), UInt8(ascii: "0"): return "octal literal"
        case UInt8(ascii: "b"): return "binary literal"
        default: return "decimal literal"
        }
    }

    /// Offset of the first '_' that does not sit between two digits (a prefix counts as a digit).
    private func invalidSeparator(_ start: Int, _ end: Int) -> Int? {
        var hexPrefix = false
        var previousKind: UInt8 = UInt8(ascii: ".")  // '_', '0' (digit) or '.' (other)
        var index = start
        if end - start >= 2 && src[start] == UInt8(ascii: "0") {
            let letter = src[start + 1] | 0x20
            if letter == UInt8(ascii: "x") || letter == UInt8(ascii: "o") || letter == UInt8(ascii: "b") {
                hexPrefix = letter == UInt8(ascii: "x")
                previousKind = UInt8(ascii: "0")
                index = start + 2
            }
        }
        while index < end {
            let before = previousKind
            let ch = src[index]
            if ch == UInt8(ascii: "_") {
                if before != UInt8(ascii: "0") { return index }
                previousKind = UInt8(ascii: "_")
            } else if isDecimal(ch) || (hexPrefix && isHex(ch)) {
                previousKind = UInt8(ascii: "0")
            } else {
                if before == UInt8(ascii: "_") { return index - 1 }
                previousKind = UInt8(ascii: ".")
            }
            index += 1
        }
        return previousKind == UInt8(ascii: "_") ? end - 1 : nil
    }

    // MARK: - Strings and runes

    /// Advances over one character (a whole UTF-8 sequence) and returns its scalar value.
    private mutating func nextCharacter() -> UInt32 {
        let (scalar, width) = GoUnicode.decode(src, at: offset)
        offset += width
        return scalar
    }

    /// Scans an escape after the backslash; stops at the offending character on error.
    private mutating func scanEscape(quote: UInt8) -> Bool {
        let start = offset
        guard offset < src.count else {
            error(start, "escape sequence not terminated")
            return false
        }
        var count = 0
        var base: UInt32 = 0
        var maximum: UInt32 = 0
        switch src[offset] {
        case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
             UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "v"), UInt8(ascii: "\\"), quote:
            offset += 1
            return true
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            count = 3; base = 8; maximum = 255
        case UInt8(ascii: "x"):
            offset += 1; count = 2; base = 16; maximum = 255
        case UInt8(ascii: "u"):
            offset += 1; count = 4; base = 16; maximum = 0x10FFFF
        case UInt8(ascii: "U"):
            offset += 1; count = 8; base = 16; maximum = 0x10FFFF
        default:
            error(start, "unknown escape sequence")
            return false
        }
        var value: UInt32 = 0
        while count > 0 {
            guard offset < src.count else {
                error(offset, "escape sequence not terminated")
                return false
            }
            let ch = src[offset]
            var digit: UInt32 = 16
            if isDecimal(ch) { digit = UInt32(ch - UInt8(ascii: "0")) } else if isHex(ch) { digit = UInt32((ch | 0x20) - UInt8(ascii: "a") + 10) }
            if digit >= base {
                let (scalar, _) = GoUnicode.decode(src, at: offset)
                error(offset, "illegal character \(Scanner.describe(scalar)) in escape sequence")
                return false
            }
            value = value &* base &+ digit
            offset += 1
            count -= 1
        }
        if value > maximum || (value >= 0xD800 && value < 0xE000) {
            error(start, "escape sequence is invalid Unicode code point")
            return false
        }
        return true
    }

    private mutating func scanRune(_ start: Int) {
        var valid = true
        var characters = 0
        while true {
            guard offset < src.count, src[offset] != UInt8(ascii: "\n") else {
                if valid {
                    error(start, "rune literal not terminated")
                    valid = false
                }
                break
            }
            let ch = nextCharacter()
            if ch == UInt32(UInt8(ascii: "'")) { break }
            characters += 1
            if ch == UInt32(UInt8(ascii: "\\")) && !scanEscape(quote: UInt8(ascii: "'")) {
                valid = false
            }
        }
        if valid && characters != 1 {
            error(start, "illegal rune literal")
        }
    }

    private mutating func scanString(_ start: Int) {
        while true {
            guard offset < src.count, src[offset] != UInt8(ascii: "\n") else {
                error(start, "string literal not terminated")
                return
            }
            let ch = src[offset]
            offset += 1
            if ch == UInt8(ascii: "\"") { return }
            if ch == UInt8(ascii: "\\") { _ = scanEscape(quote: UInt8(ascii: "\"")) }
        }
    }

    private mutating func scanRawString(_ start: Int) {
        while offset < src.count {
            let ch = src[offset]
            offset += 1
            if ch == UInt8(ascii: "`") { return }
        }
        error(start, "raw string literal not terminated")
    }

    // MARK: - Operators

    @inline(__always) private mutating func take(_ ch: Unicode.Scalar, _ matched: Token, else other: Token) -> Token {
        if byte(offset) == UInt8(ascii: ch) {
            offset += 1
            return matched
        }
        return other
    }

    /// `tok0`, `tok0=` or `tok0 tok0` (as in + += ++).
    @inline(__always) private mutating func take3(_ plain: Token, _ assign: Token, _ ch: Unicode.Scalar, _ doubled: Token) -> Token {
        let following = byte(offset)
        if following == UInt8(ascii: "=") { offset += 1; return assign }
        if following == UInt8(ascii: ch) { offset += 1; return doubled }
        return plain
    }

    /// `<`, `<=`, `<<`, `<<=` and the same for `>`.
    @inline(__always) private mutating func take4(_ plain: Token, _ assign: Token, _ ch: Unicode.Scalar, _ doubled: Token, _ doubledAssign: Token) -> Token {
        let following = byte(offset)
        if following == UInt8(ascii: "=") { offset += 1; return assign }
        if following == UInt8(ascii: ch) {
            offset += 1
            return take("=", doubledAssign, else: doubled)
        }
        return plain
    }

    /// Go's %#U form: `U+0024 '$'`.
    static func describe(_ scalar: UInt32) -> String {
        var hex = String(scalar, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        if let value = Unicode.Scalar(scalar), scalar >= 0x20, scalar != 0x7F {
            return "U+\(hex) '\(Character(value))'"
        }
        return "U+\(hex)"
    }
}
