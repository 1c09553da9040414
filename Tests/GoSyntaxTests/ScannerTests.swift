import XCTest
@testable import GoSyntax

final class ScannerTests: XCTestCase {
    private func tokens(_ text: String) -> [Token] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer)
            var result: [Token] = []
            while true {
                let lexeme = scanner.next()
                if lexeme.token == .eof { break }
                result.append(lexeme.token)
            }
            return result
        }
    }

    private func errors(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer)
            while scanner.next().token != .eof {}
            return scanner.errors.map(\.message)
        }
    }

    func testSemicolonsAreInsertedAfterLineEndingTokens() {
        XCTAssertEqual(tokens("x\n"), [.ident, .semicolon])
        XCTAssertEqual(tokens("return\n"), [.return, .semicolon])
        XCTAssertEqual(tokens("f()\n"), [.ident, .lparen, .rparen, .semicolon])
        XCTAssertEqual(tokens("x++\n"), [.ident, .inc, .semicolon])
        XCTAssertEqual(tokens("x +\ny"), [.ident, .add, .ident, .semicolon])
        XCTAssertEqual(tokens("x"), [.ident, .semicolon], "a semicolon is inserted at EOF too")
    }

    func testACommentRunningToTheLineEndEndsTheStatement() {
        XCTAssertEqual(tokens("x // note\ny"), [.ident, .semicolon, .ident, .semicolon])
        XCTAssertEqual(tokens("x /* a */ y"), [.ident, .ident, .semicolon])
        XCTAssertEqual(tokens("x /* a\n */ y"), [.ident, .semicolon, .ident, .semicolon])
    }

    func testOperatorsAndKeywords() {
        XCTAssertEqual(tokens("a &^= b <<= c <- d ... ~"), [.ident, .andNotAssign, .ident, .shlAssign, .ident, .arrow, .ident, .ellipsis, .tilde])
        XCTAssertEqual(tokens("go defer select chan"), [.go, .defer, .select, .chan])
        XCTAssertEqual(tokens("gopher"), [.ident, .semicolon])
    }

    /// Every keyword scans as itself, and near misses scan as identifiers.
    func testEveryKeywordIsRecognisedAndNothingElse() {
        // the keywords after which a line break ends the statement
        let endingStatements: Set<Token> = [.break, .continue, .fallthrough, .return]
        var raw = Token.break.rawValue
        var keywords = 0
        while let keyword = Token(rawValue: raw), keyword.isKeyword {
            XCTAssertEqual(tokens(keyword.text), [keyword] + (endingStatements.contains(keyword) ? [.semicolon] : []), keyword.text)
            XCTAssertEqual(tokens(keyword.text + "x"), [.ident, .semicolon])
            XCTAssertEqual(tokens(keyword.text.prefix(1).uppercased() + keyword.text.dropFirst()), [.ident, .semicolon])
            XCTAssertEqual(tokens(String(keyword.text.dropLast())), [.ident, .semicolon])
            keywords += 1
            raw += 1
        }
        XCTAssertEqual(keywords, 25, "Go has 25 keywords")
    }

    func testNumbersFollowGoSyntax() {
        XCTAssertEqual(tokens("0x1p-2 1_000 0o17 0b1 .5 1e3 2i 'a'"), [.float, .int, .int, .int, .float, .float, .imag, .char, .semicolon])
        XCTAssertEqual(errors("0x1.0"), ["hexadecimal mantissa requires a 'p' exponent"])
        XCTAssertEqual(errors("1__0"), ["'_' must separate successive digits"])
        XCTAssertEqual(errors("09"), ["invalid digit '9' in octal literal"])
        XCTAssertEqual(errors("0b"), ["binary literal has no digits"])
    }

    func testMalformedLiteralsAreReported() {
        XCTAssertEqual(errors("\"abc"), ["string literal not terminated"])
        XCTAssertEqual(errors("`abc"), ["raw string literal not terminated"])
        XCTAssertEqual(errors("'ab'"), ["illegal rune literal"])
        XCTAssertEqual(errors("\"\\q\""), ["unknown escape sequence"])
        XCTAssertEqual(errors("/* open"), ["comment not terminated"])
    }

    func testEncodingErrorsAnywhereAreReported() {
        XCTAssertEqual(errors("// \u{0}"), ["illegal character NUL"])
        XCTAssertEqual(errors("x \u{FEFF}"), ["illegal byte order mark"])
        let bytes: [UInt8] = Array("\"".utf8) + [0xFF] + Array("\"".utf8)
        XCTAssertEqual(errors(String(decoding: bytes, as: UTF8.self)).count, 0, "decoded text has U+FFFD, which is valid")
        let raw = bytes.withUnsafeBufferPointer { buffer -> [String] in
            var scanner = Scanner(buffer)
            while scanner.next().token != .eof {}
            return scanner.errors.map(\.message)
        }
        XCTAssertEqual(raw, ["illegal UTF-8 encoding"])
    }

    func testUnicodeIdentifiers() {
        XCTAssertEqual(tokens("日本語 := 1"), [.ident, .define, .int, .semicolon])
        XCTAssertEqual(errors("x€"), ["illegal character U+20AC '€'"])
    }

    func testMalformedLineDirectivesAreReported() {
        XCTAssertEqual(errors("//line foo:0\n"), ["invalid line number: 0"])
        XCTAssertEqual(errors("//line foo:10\n"), [])
        XCTAssertEqual(errors("x //line foo:0\n"), [], "a // line directive must start its line")
    }
}
