/// Reads a Prometheus HTTP API answer to a range query (`/api/v1/query_range`, also Thanos's
/// and Mimir's): `{"status": "success", "data": {"resultType": "matrix", "result": [{"metric":
/// {…}, "values": [[unixSeconds, "value"], …]}, …]}}`. Values are strings so that they can
/// carry NaN and ±Inf; those are no readings and are left out.
public enum PrometheusMatrix {
    public struct Series: Sendable {
        /// The labels, as PromQL writes them: `go_goroutines{instance="a:8080",job="agent"}`.
        public let name: String
        public let samples: [Sample]
    }

    /// Whether `value` is an answer of the Prometheus HTTP API (successful or not).
    public static func isAnswer(_ value: MiniJSON.Value) -> Bool {
        if case .string? = value["status"] { return value["data"] != nil || value["error"] != nil }
        return false
    }

    public static func series(_ text: String) throws -> [Series] {
        var parser = MiniJSON(Array(text.utf8))
        return try series(parser.parse())
    }

    public static func series(_ answer: MiniJSON.Value) throws -> [Series] {
        guard case .string(let status)? = answer["status"] else { throw failure("not a Prometheus API answer (no \"status\")") }
        guard status == "success" else {
            var kind = "", message = "no message"
            if case .string(let text)? = answer["errorType"] { kind = text + ": " }
            if case .string(let text)? = answer["error"] { message = text }
            throw failure("Prometheus answered \(status): \(kind)\(message)")
        }
        guard case .string(let type)? = answer["data"]?["resultType"] else { throw failure("a Prometheus answer without data.resultType") }
        // an instant query (/api/v1/query) gives one value a series: no trend in it
        guard type == "matrix" else {
            throw failure("a Prometheus \(type), not a matrix: ask /api/v1/query_range (a range query), not /api/v1/query")
        }
        guard case .array(let results)? = answer["data"]?["result"] else { throw failure("a Prometheus matrix without data.result") }
        return try results.enumerated().map { index, result in
            let name = Self.name(result["metric"])
            guard case .array(let values)? = result["values"] else {
                throw failure("series \(index + 1) (\(name)) has no \"values\"")
            }
            var samples: [Sample] = []
            samples.reserveCapacity(values.count)
            for (position, pair) in values.enumerated() {
                guard case .array(let fields) = pair, fields.count == 2, let time = fields[0].number,
                      case .string(let text) = fields[1] else {
                    throw failure("series \(index + 1) (\(name)), value \(position + 1): expected [time, \"value\"]")
                }
                guard let value = Double(text) else {
                    throw failure("series \(index + 1) (\(name)), value \(position + 1): \"\(text)\" is not a number")
                }
                if value.isFinite { samples.append(Sample(time: time, value: value)) }
            }
            return Series(name: name, samples: samples)
        }
    }

    /// "N series (a{…}, b{…}, c{…}, …)": how many, and the first few by name.
    public static func describe(_ found: [Series], naming limit: Int = 3) -> String {
        "\(found.count) series (" + found.prefix(limit).map(\.name).joined(separator: ", ") + (found.count > limit ? ", …" : "") + ")"
    }

    /// `__name__{label="value",…}`, labels in name order as Prometheus shows them.
    static func name(_ metric: MiniJSON.Value?) -> String {
        guard case .object(let labels)? = metric else { return "{}" }
        var metricName = ""
        var pairs: [String] = []
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            guard case .string(let text) = value else { continue }
            if key == "__name__" { metricName = text } else { pairs.append("\(key)=\"\(text)\"") }
        }
        return metricName + "{" + pairs.joined(separator: ",") + "}"
    }

    private static func failure(_ message: String) -> SeriesParser.Failure {
        SeriesParser.Failure(description: message)
    }
}
