import GoSyntax

/// Applies fixes to a file's text: each fix whole or not at all, never two that overlap,
/// and only when the result still parses (otherwise the file is left as it was).
public enum FixApplier {
    public struct Result: Sendable {
        /// The new text, or nil when nothing was applied.
        public let text: [UInt8]?
        public let applied: Int
        /// Fixes left out because they overlapped one already taken.
        public let skipped: Int
        /// The syntax error that made the whole result be thrown away, if one did.
        public let rejected: SyntaxError?
    }

    /// Applies the fixes of `findings` allowed by `unsafe`, in position order.
    public static func apply(_ findings: [Finding], to source: SourceFile, unsafe: Bool) -> Result {
        var chosen: [Fix] = []
        var taken: [Range<Int>] = []
        var skipped = 0
        for finding in findings {
            guard let fix = finding.fixes.first(where: { $0.applicability == .safe || (unsafe && $0.applicability == .unsafe) }),
                  !fix.edits.isEmpty else { continue }
            let ranges = fix.edits.map(\.range)
            let overlaps = ranges.contains { range in taken.contains { other in overlap(range, other) } }
            if overlaps {
                skipped += 1
                continue
            }
            chosen.append(fix)
            taken += ranges
        }
        guard !chosen.isEmpty else { return Result(text: nil, applied: 0, skipped: skipped, rejected: nil) }
        let edits = chosen.flatMap(\.edits).sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var text: [UInt8] = []
        text.reserveCapacity(source.bytes.count + 256)
        var cursor = 0
        for edit in edits {
            text.append(contentsOf: source.bytes[cursor..<edit.range.lowerBound])
            text.append(contentsOf: Array(edit.replacement.utf8))
            cursor = edit.range.upperBound
        }
        text.append(contentsOf: source.bytes[cursor...])
        let reparsed = Parser.parse(SourceFile(path: source.path, bytes: text))
        if let error = reparsed.errors.first {
            return Result(text: nil, applied: 0, skipped: skipped, rejected: error)
        }
        return Result(text: text, applied: chosen.count, skipped: skipped, rejected: nil)
    }

    /// Two ranges overlap when they share a byte, or are both insertions at one place.
    static func overlap(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        if a.isEmpty && b.isEmpty { return a.lowerBound == b.lowerBound }
        return a.lowerBound < b.upperBound && b.lowerBound < a.upperBound
    }
}
