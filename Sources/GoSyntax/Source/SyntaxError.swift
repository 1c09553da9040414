/// A syntax error at a byte offset, with a message in go/parser's words.
public struct SyntaxError: Error, Sendable, Hashable {
    public let offset: Int
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}

/// A comment as it appears in the source: `//…` (without the line end) or `/*…*/`.
public struct Comment: Sendable, Hashable {
    public let start: Int
    public let end: Int
}
