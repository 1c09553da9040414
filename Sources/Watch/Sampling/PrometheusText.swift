/// Reads values from Prometheus's text exposition format (and OpenMetrics, its successor):
/// `name{label="v",…} value [timestamp]` lines, `#` comments. Only unlabelled samples of the
/// names asked for are kept: the process and Go runtime metrics Seep reads have no labels.
public enum PrometheusText {
    public static func values(_ text: String, names: Set<String>) -> [String: Double] {
        var found: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            guard let first = line.first, first != "#" else { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2 else { continue }
            let name = String(parts[0])
            guard names.contains(name), found[name] == nil, let value = number(parts[1]) else { continue }
            found[name] = value
        }
        return found
    }

    static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }
}
