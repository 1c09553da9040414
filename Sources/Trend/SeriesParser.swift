/// Reads a recorded series: CSV (`timestamp,value[,series]`, with or without a header line)
/// or JSON (an array of `{"timestamp": …, "value": …, "series": …}`, or `{"samples": [...]}`, or
/// a Prometheus range query's answer holding one series).
/// Timestamps are Unix seconds or RFC 3339 (`2026-11-30T10:00:00Z`, offsets and fractions allowed).
public enum SeriesParser {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Parsed: Sendable {
        public let samples: [Sample]
        /// Whether the input wrote its times as RFC 3339 (results are written back the same way).
        public let usesRFC3339: Bool
    }

    public static func parse(_ text: String) throws -> Parsed {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") { return try parseJSON(String(trimmed)) }
        return try parseCSV(text)
    }

    static func parseCSV(_ text: String) throws -> Parsed {
        var samples: [Sample] = []
        var rfc = false
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
            guard fields.count >= 2 else { throw Failure(description: "line \(number + 1): expected timestamp,value[,series], found \"\(line)\"") }
            guard let (time, isRFC) = timestamp(fields[0]) else {
                if samples.isEmpty && number == 0 { continue }  // a header line
                throw Failure(description: "line \(number + 1): \"\(fields[0])\" is not a timestamp (Unix seconds or RFC 3339)")
            }
            guard let value = Double(fields[1]), value.isFinite else {
                throw Failure(description: "line \(number + 1): \"\(fields[1])\" is not a number")
            }
            rfc = rfc || isRFC
            samples.append(Sample(time: time, value: value, series: fields.count > 2 && !fields[2].isEmpty ? fields[2] : nil))
        }
        guard !samples.isEmpty else { throw Failure(description: "no samples (expected lines of timestamp,value[,series])") }
        return Parsed(samples: samples, usesRFC3339: rfc)
    }

    /// A deliberately small JSON reader for the series shapes above.
    static func parseJSON(_ text: String) throws -> Parsed {
        var parser = MiniJSON(Array(text.utf8))
        let value = try parser.parse()
        if PrometheusMatrix.isAnswer(value) { return Parsed(samples: try onlySeries(PrometheusMatrix.series(value)), usesRFC3339: false) }
        var list: [MiniJSON.Value]
        switch value {
        case .array(let items): list = items
        case .object(let fields):
            guard case .array(let items)? = fields["samples"] else { throw Failure(description: "expected an array of samples or {\"samples\": [...]}") }
            list = items
        default: throw Failure(description: "expected an array of samples or {\"samples\": [...]}")
        }
        var samples: [Sample] = []
        var rfc = false
        for (index, item) in list.enumerated() {
            guard case .object(let fields) = item else { throw Failure(description: "sample \(index + 1): expected an object") }
            let time: Double
            switch fields["timestamp"] ?? fields["time"] {
            case .number(let seconds)?: time = seconds
            case .string(let text)?:
                guard let (parsed, isRFC) = timestamp(text) else { throw Failure(description: "sample \(index + 1): \"\(text)\" is not a timestamp") }
                time = parsed
                rfc = rfc || isRFC
            default: throw Failure(description: "sample \(index + 1): no timestamp")
            }
            guard case .number(let value)? = fields["value"] else { throw Failure(description: "sample \(index + 1): no numeric value") }
            var series: String?
            if case .string(let name)? = fields["series"] { series = name }
            if case .number(let id)? = fields["series"] { series = String(Int(id)) }
            samples.append(Sample(time: time, value: value, series: series))
        }
        guard !samples.isEmpty else { throw Failure(description: "no samples") }
        return Parsed(samples: samples, usesRFC3339: rfc)
    }

    /// The samples of the one series a Prometheus query gave; several are an error that
    /// names them (a trend is one process's, or one sum's).
    public static func onlySeries(_ found: [PrometheusMatrix.Series]) throws -> [Sample] {
        guard let first = found.first else { throw Failure(description: "the query matched no series") }
        guard found.count == 1 else {
            throw Failure(description: "the query gave \(PrometheusMatrix.describe(found, naming: 5)); narrow it to one with a label matcher, add them up with sum(…), or judge each with --each")
        }
        guard !first.samples.isEmpty else { throw Failure(description: "the series \(first.name) has no finite values in the range") }
        return first.samples
    }

    /// Unix seconds, or RFC 3339; the flag says which.
    public static func timestamp(_ text: String) -> (Double, Bool)? {
        if let seconds = Double(text), seconds.isFinite { return (seconds, false) }
        return RFC3339.parse(text).map { ($0, true) }
    }
}

/// RFC 3339 times, to and from Unix seconds (UTC), without Foundation.
public enum RFC3339 {
    public static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 20, let year = number(0, 4), bytes[4] == 0x2D, let month = number(5, 2), bytes[7] == 0x2D,
              let day = number(8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == 0x20,
              let hour = number(11, 2), bytes[13] == 0x3A, let minute = number(14, 2), bytes[16] == 0x3A, let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let hours = number(index + 1, 2), bytes[index + 3] == 0x3A, let minutes = number(index + 4, 2) else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        let days = daysFromCivil(year, month, day)
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    public static func format(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86400 : (whole - 86399) / 86400
        let (year, month, day) = civilFromDays(days)
        let rest = whole - days * 86400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
