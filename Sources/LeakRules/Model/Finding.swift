import GoSyntax

/// How serious a finding is. `error` is kept for leaks that grow without end.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Whether `seep lint --fix` may apply a fix on its own.
public enum Applicability: String, Sendable, Codable {
    /// Keeps the program's meaning: applied by `--fix`.
    case safe
    /// May change behaviour: applied only with `--unsafe-fixes`.
    case unsafe
    /// Shown to the reader, never applied.
    case displayOnly = "display-only"
}

/// Replaces a byte range of the file with new text.
public struct TextEdit: Sendable, Hashable {
    public let range: Range<Int>
    public let replacement: String

    public init(range: Range<Int>, replacement: String) {
        self.range = range
        self.replacement = replacement
    }

    public static func insert(_ text: String, at offset: Int) -> TextEdit {
        TextEdit(range: offset..<offset, replacement: text)
    }
}

/// One way to fix a finding: non-overlapping edits, described as a verb phrase.
public struct Fix: Sendable, Hashable {
    public let message: String
    public let edits: [TextEdit]
    public let applicability: Applicability

    public init(message: String, edits: [TextEdit], applicability: Applicability) {
        self.message = message
        self.edits = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        self.applicability = applicability
    }
}

/// Another place that explains a finding (the loop a defer is in, the receive that never comes).
public struct RelatedLocation: Sendable, Hashable {
    public let range: Range<Int>
    public let message: String

    public init(range: Range<Int>, message: String) {
        self.range = range
        self.message = message
    }
}

/// What a rule reports: a range in a file, a message in go vet's voice, and fixes.
public struct Finding: Sendable {
    public let code: String
    public let name: String
    public var severity: Severity
    public let file: SourceFile
    public let range: Range<Int>
    public let message: String
    public let related: [RelatedLocation]
    public let fixes: [Fix]

    public init(code: String, name: String, severity: Severity, file: SourceFile, range: Range<Int>,
                message: String, related: [RelatedLocation] = [], fixes: [Fix] = []) {
        self.code = code
        self.name = name
        self.severity = severity
        self.file = file
        self.range = range
        self.message = message
        self.related = related
        self.fixes = fixes
    }

    public var start: Position { file.position(of: range.lowerBound) }
    public var end: Position { file.position(of: range.upperBound) }
}
