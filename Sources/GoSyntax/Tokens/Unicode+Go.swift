/// Go's character classes for the non-ASCII part of identifiers (unicode.IsLetter, unicode.IsDigit).
enum GoUnicode {
    @inline(never)
    static func isLetter(_ scalar: UInt32) -> Bool {
        guard let value = Unicode.Scalar(scalar) else { return false }
        switch value.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return false
        }
    }

    @inline(never)
    static func isDigit(_ scalar: UInt32) -> Bool {
        guard let value = Unicode.Scalar(scalar) else { return false }
        return value.properties.generalCategory == .decimalNumber
    }

    /// Decodes one UTF-8 sequence; returns (U+FFFD, 1) for an invalid one, as utf8.DecodeRune does.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (scalar: UInt32, width: Int) {
        let count = bytes.count
        let b0 = UInt32(bytes[offset])
        if b0 < 0x80 { return (b0, 1) }
        @inline(__always) func continuation(_ index: Int) -> UInt32? {
            guard index < count else { return nil }
            let byte = bytes[index]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        let invalid: (UInt32, Int) = (0xFFFD, 1)
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard let c1 = continuation(offset + 1) else { return invalid }
            return ((b0 & 0x1F) << 6 | c1, 2)
        }
        if b0 >= 0xE0 && b0 <= 0xEF {
            guard let c1 = continuation(offset + 1), let c2 = continuation(offset + 2) else { return invalid }
            let scalar = (b0 & 0x0F) << 12 | c1 << 6 | c2
            if scalar < 0x800 || (scalar >= 0xD800 && scalar <= 0xDFFF) { return invalid }
            return (scalar, 3)
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard let c1 = continuation(offset + 1), let c2 = continuation(offset + 2),
                  let c3 = continuation(offset + 3) else { return invalid }
            let scalar = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if scalar < 0x10000 || scalar > 0x10FFFF { return invalid }
            return (scalar, 4)
        }
        return invalid
    }
}
