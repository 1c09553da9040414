/// Text from outside (a dump's function names, a source line, a file name, a series label)
/// made safe for a terminal: control characters, which could move the cursor, retitle the
/// window or hide lines (escape-sequence injection), and the bidirectional overrides that
/// make text read other than it is, are written as Go writes them in a quoted string
/// (`\x1b`, `\u202e`). Newlines and tabs are kept where a whole output is escaped.
public enum TerminalText {
    /// `text` with every unsafe character escaped; `keepingLines` keeps `\n` and `\t`.
    public static func escaped(_ text: String, keepingLines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0, keepingLines: keepingLines) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar, keepingLines: keepingLines) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            out += scalar.value < 0x80 ? "\\x" + hex(scalar.value, digits: 2) : "\\u" + hex(scalar.value, digits: 4)
        }
        return out
    }

    static func isUnsafe(_ scalar: Unicode.Scalar, keepingLines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepingLines
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
