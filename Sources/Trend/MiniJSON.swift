/// Just enough JSON for recorded series and expvar pages: objects, arrays, strings, numbers,
/// true/false/null. No Foundation: a watch parses one every second for days.
public struct MiniJSON {
    public indirect enum Value: Sendable {
        case object([String: Value])
        case array([Value])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null

        /// The field `key` of an object, if this is one and it has it.
        public subscript(key: String) -> Value? {
            if case .object(let fields) = self { return fields[key] }
            return nil
        }

        public var number: Double? {
            if case .number(let value) = self { return value }
            return nil
        }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func parse() throws -> Value {
        let value = try parseValue()
        skipSpace()
        guard index == bytes.count else { throw failure("unexpected text after the JSON value") }
        return value
    }

    private func failure(_ message: String) -> SeriesParser.Failure {
        SeriesParser.Failure(description: "JSON at byte \(index): \(message)")
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func parseValue() throws -> Value {
        skipSpace()
        guard index < bytes.count else { throw failure("unexpected end") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw failure("nested too deeply") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var fields: [String: Value] = [:]
            skipSpace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
            while true {
                skipSpace()
                guard case .string(let key) = try parseValue() else { throw failure("expected a key") }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
                index += 1
                fields[key] = try parseValue()
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
                throw failure("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            skipSpace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try parseValue())
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw failure("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            index += 1
            var text: [UInt8] = []
            while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") && index + 1 < bytes.count {
                    index += 1
                    switch bytes[index] {
                    case UInt8(ascii: "n"): text.append(0x0A)
                    case UInt8(ascii: "t"): text.append(0x09)
                    default: text.append(bytes[index])
                    }
                } else {
                    text.append(bytes[index])
                }
                index += 1
            }
            guard index < bytes.count else { throw failure("unterminated string") }
            index += 1
            return .string(String(decoding: text, as: UTF8.self))
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (word, value) in [("true", Value.bool(true)), ("false", .bool(false)), ("null", .null)] where bytes[index...].starts(with: Array(word.utf8)) {
                index += word.utf8.count
                return value
            }
            throw failure("unexpected word")
        default:
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            guard let number = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else { throw failure("expected a value") }
            return .number(number)
        }
    }
}
