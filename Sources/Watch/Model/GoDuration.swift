import Foundation

/// Durations written as Go writes them: `500ms`, `1s`, `5m`, `1h30m`, `2.5h`; a bare number
/// is seconds.
public enum GoDuration {
    /// The longest duration taken: a century (longer ones are typing errors, and would not
    /// fit the whole numbers messages and queries write them in).
    public static let maximum = 100 * 365 * 86400.0

    /// Nil for text that is no duration, and for a negative one or one over `maximum`
    /// (infinity, NaN).
    public static func seconds(_ text: String) -> Double? {
        if let plain = Double(text) { return plain >= 0 && plain <= maximum ? plain : nil }
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ns": total += value / 1e9
            case "us", "µs": total += value / 1e6
            case "ms": total += value / 1e3
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
        }
        return total <= maximum ? total : nil
    }

    /// `1h2m3s`, `4m`, `1.5s`, `250ms`: short and exact enough for messages.
    public static func format(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 {
            let tenths = (seconds * 10).rounded() / 10
            return tenths == tenths.rounded() ? "\(Int(tenths))s" : "\(tenths)s"
        }
        let whole = Int(seconds.rounded())
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        var out = ""
        if hours > 0 { out += "\(hours)h" }
        if minutes > 0 { out += "\(minutes)m" }
        if secs > 0 && hours == 0 { out += "\(secs)s" }
        return out
    }
}

/// Sizes as people write them: `512MiB`, `2GiB`, `1.5G`, `300MB`, `4096` (bytes). The
/// binary and decimal units mean what they say; a bare `K`, `M`, `G` is binary, as in ulimit.
public enum ByteSize {
    public static func bytes(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(number), value >= 0 else { return nil }
        let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        let factors: [String: Double] = [
            "": 1, "b": 1,
            "k": 1024, "kib": 1024, "kb": 1e3,
            "m": 1_048_576, "mib": 1_048_576, "mb": 1e6,
            "g": 1_073_741_824, "gib": 1_073_741_824, "gb": 1e9,
            "t": 1_099_511_627_776, "tib": 1_099_511_627_776, "tb": 1e12,
        ]
        return factors[unit].map { value * $0 }.flatMap { $0.isFinite ? $0 : nil }
    }
}
