import Foundation
import Trend
import Watch

/// `seep watch --format json`: one JSON object a line, one line an event. A contract
/// (docs/json.md): every key is always present, times are RFC 3339 in UTC.
public enum WatchJSONLines {
    public static func line(_ event: WatchSession.Event, target: String) -> String? {
        switch event {
        case .started(let source, let resumed):
            struct Started: Encodable { let event = "started"; let time: String; let target: String; let source: String; let resumed_samples: Int }
            return encode(Started(time: RFC3339.format(Date().timeIntervalSince1970), target: target, source: source, resumed_samples: resumed))
        case .sample(let reading):
            struct Sampled: Encodable { let event = "sample"; let time: String; let values: [String: Double]; let instance: Nullable<String> }
            return encode(Sampled(time: RFC3339.format(reading.time),
                                  values: Dictionary(uniqueKeysWithValues: reading.values.map { ($0.key.rawValue, $0.value) }),
                                  instance: Nullable(reading.instance)))
        case .verdict(let quantity, let result, let previous):
            return encode(VerdictLine(quantity: quantity, result: result, previous: previous))
        case .capture(let capture, let quantity):
            struct SuspectLine: Encodable { let count: Int; let state: String; let function: String; let file: String; let line: Int; let reasons: [String] }
            struct Captured: Encodable {
                let event = "capture"; let time: String; let quantity: String; let files: [String]; let goroutines: Nullable<Int>
                let suspect: Nullable<SuspectLine>; let problems: [String]
            }
            let suspect = capture.suspect.map {
                SuspectLine(count: $0.count, state: $0.state, function: $0.function, file: $0.file, line: $0.line, reasons: $0.reasons)
            }
            return encode(Captured(time: RFC3339.format(capture.time), quantity: quantity.rawValue, files: capture.files,
                                   goroutines: Nullable(capture.goroutines), suspect: Nullable(suspect), problems: capture.problems))
        case .skipped(let time, let reason):
            struct Skipped: Encodable { let event = "skipped"; let time: String; let reason: String }
            return encode(Skipped(time: RFC3339.format(time), reason: reason))
        case .restarted(let time, let instance):
            struct Restarted: Encodable { let event = "restarted"; let time: String; let instance: String }
            return encode(Restarted(time: RFC3339.format(time), instance: instance))
        case .history(let time, let samples, let since, let source, let apart):
            struct History: Encodable {
                let event = "history"; let time: String; let samples: Int; let since: Nullable<String>; let source: String
                let joined: Bool; let apart: Nullable<String>
            }
            return encode(History(time: RFC3339.format(time), samples: samples, since: Nullable(since.map(RFC3339.format)), source: source,
                                  joined: apart == nil, apart: Nullable(apart)))
        }
    }

    /// The last line of a watch: why it stopped and the final verdicts.
    public static func stopped(reason: String, readings: Int, results: [Quantity: TrendResult]) -> String {
        struct Stopped: Encodable { let event = "stopped"; let time: String; let reason: String; let readings: Int; let verdicts: [String: String] }
        return encode(Stopped(time: RFC3339.format(Date().timeIntervalSince1970), reason: reason, readings: readings,
                              verdicts: Dictionary(uniqueKeysWithValues: results.map { ($0.key.rawValue, $0.value.verdict.rawValue) })))!
    }

    struct VerdictLine: Encodable {
        let event = "verdict"
        let time: String
        let quantity: String
        let verdict: String
        let previous: Nullable<String>
        let explanation: String
        let slope_per_hour: Double
        let percent_per_hour: Double
        let confidence: Double
        let since: Nullable<String>
        let hours_to_limit: Nullable<Double>

        init(quantity: Quantity, result: TrendResult, previous: Verdict?) {
            func round(_ value: Double) -> Double { (value * 1e6).rounded() / 1e6 }
            time = RFC3339.format(Date().timeIntervalSince1970)
            self.quantity = quantity.rawValue
            verdict = result.verdict.rawValue
            self.previous = Nullable(previous?.rawValue)
            explanation = result.explanation
            slope_per_hour = round(result.slopePerHour)
            percent_per_hour = round(result.percentPerHour)
            confidence = round(result.confidence)
            since = Nullable(result.since.map(RFC3339.format))
            hours_to_limit = Nullable(result.hoursToLimit.map(round))
        }
    }

    static func encode<T: Encodable>(_ value: T) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// `seep watch` in a log (standard output not a terminal): a line when something happens —
/// a verdict changes, evidence is captured, a reading fails, the target restarts.
public enum WatchLog {
    public static func line(_ event: WatchSession.Event) -> String? {
        let clock = { (time: Double) in String(RFC3339.format(time).dropFirst(11).prefix(8)) }
        switch event {
        case .started(let source, let resumed):
            return "watching \(source)" + (resumed > 0 ? " (resuming \(resumed) stored samples)" : "")
        case .sample:
            return nil
        case .verdict(let quantity, let result, _):
            var line = "\(clock(Date().timeIntervalSince1970)) \(quantity.rawValue): \(result.verdict.rawValue): \(result.explanation)"
            if let hours = result.hoursToLimit { line += String(format: "; the limit in %.1f hours", hours) }
            return line
        case .capture(let capture, let quantity):
            return "\(clock(capture.time)) \(quantity.rawValue) is leaking: " + WatchLog.describe(capture)
        case .skipped(let time, let reason):
            return "\(clock(time)) skipped a reading: \(reason)"
        case .restarted(let time, let instance):
            return "\(clock(time)) the target restarted (\(instance))"
        case .history(let time, let samples, let since, let source, let apart):
            return "\(clock(time)) history: \(samples) readings from \(source)" + (since.map { " since " + RFC3339.format($0) } ?? "")
                + (apart.map { "; not joined to the watched process: " + $0 } ?? "")
        }
    }

    public static func describe(_ capture: EvidenceCapture.Capture) -> String {
        var text = "captured " + (capture.files.isEmpty ? "nothing" : capture.files.joined(separator: ", "))
        if let suspect = capture.suspect {
            text += "; \(suspect.count) goroutines \(suspect.state) at \(suspect.file):\(suspect.line) (\(suspect.function))"
        } else if let count = capture.goroutines {
            text += "; \(count) goroutines, no leak suspect among them"
        }
        for problem in capture.problems { text += "; \(problem)" }
        return text
    }
}

/// `seep watch` on a terminal: a panel redrawn in place after every reading — each
/// quantity's latest value, its curve, and the verdict.
public struct WatchPanel {
    public var lastCapture: String?
    public var lastProblem: String?
    /// The history joined at the start (`--history`), said once it is in.
    public var history: String?
    private var drawnLines = 0

    public init() {}

    public mutating func redraw(_ session: WatchSession, source: String, elapsed: Double, width: Int) -> String {
        var lines = ["seep watch \(source) · \(GoDuration.format(elapsed)) · \(session.readings) readings"
                     + (session.store.path.map { " · store \($0)" } ?? "")]
        if let history { lines.append("  " + history) }
        for (quantity, samples) in session.series.sorted(by: { $0.key < $1.key }) {
            let latest = samples.last.map { TrendHTML.format($0.value, bytes: quantity.isBytes) } ?? "-"
            var line = quantity.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
                + latest.leftPadded(10) + "  " + WatchPanel.sparkline(samples, width: 24) + "  "
            if let result = session.results[quantity] {
                line += result.verdict.rawValue
                if result.verdict == .insufficientData {
                    line += ": " + result.explanation
                } else {
                    line += String(format: " %+.2f %%/h", result.percentPerHour)
                    if let hours = result.hoursToLimit { line += String(format: ", limit in %.1f h", hours) }
                }
            }
            lines.append(line)
        }
        if let lastCapture { lines.append("  " + lastCapture) }
        if let lastProblem { lines.append("  " + lastProblem) }
        // the panel's own escapes are added below; what a target or a store says is escaped
        let clipped = lines.map { TerminalText.escaped($0) }.map { $0.count > width ? String($0.prefix(width - 1)) + "…" : $0 }
        // up to the panel's first line, then each line cleared and rewritten
        var out = drawnLines > 0 ? "\u{1B}[\(drawnLines)F" : ""
        for line in clipped { out += "\u{1B}[2K" + line + "\n" }
        if clipped.count < drawnLines {
            for _ in clipped.count..<drawnLines { out += "\u{1B}[2K\n" }
            out += "\u{1B}[\(drawnLines - clipped.count)F"
        }
        drawnLines = clipped.count
        return out
    }

    /// The series as block characters, each the minimum of its stretch of time.
    static func sparkline(_ samples: [Sample], width: Int) -> String {
        guard let first = samples.first?.time, let last = samples.last?.time, last > first else {
            return String(repeating: " ", count: width)
        }
        var minima = [Double?](repeating: nil, count: width)
        for sample in samples {
            let slot = min(width - 1, Int((sample.time - first) / (last - first) * Double(width)))
            minima[slot] = min(minima[slot] ?? .infinity, sample.value)
        }
        let known = minima.compactMap { $0 }
        let low = known.min()!, high = known.max()!
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(minima.map { value -> Character in
            guard let value else { return " " }
            let level = high > low ? Int((value - low) / (high - low) * Double(blocks.count - 1)) : 0
            return blocks[level]
        })
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
