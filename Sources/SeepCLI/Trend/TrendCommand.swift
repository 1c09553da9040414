import ArgumentParser
import Foundation
import Reports
import Trend
import Watch

extension Quantity: ExpressibleByArgument {}

/// `seep trend`: the memory lens's verdict on a recorded series.
struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Tell a steady leak from warm-up in a recorded memory or goroutine series.",
        discussion: """
            FILE holds samples as CSV (timestamp,value[,series]; a header line is allowed) or \
            JSON ([{"timestamp": …, "value": …}, …]); timestamps are Unix seconds or RFC 3339; \
            '-' reads standard input. FILE can also be a `seep watch --store` file: pick the \
            target and the quantity with --target and --quantity. A change of 'series' (say, the pid) or a fall back to the \
            starting level is a restart: the last process lifetime is judged.

            --prometheus URL --query EXPR judges a series from a Prometheus server (or Thanos, \
            Mimir) instead of a file: its history over --range (default 2d), by a range query. \
            With a day of history after warm-up a daily cycle is told from a leak; on a first \
            day it cannot be. The query must give one series (pick one instance with a label \
            matcher, or add them up with sum(…)), or, with --each, each series is judged: which \
            instance leaks. FILE can also be a saved range query answer.

            The verdict is leaking (a steady climb that does not slow down), stable, plateau \
            (growth seen to die out: the floor bends, as a filling cache's does) or \
            insufficient-data (saying what is missing). A leak that begins with the process \
            looks, for its first hours, like a cache filling up (insufficient-data, not plateau, \
            until the floor bends): it is told apart once it has outgrown one (typically 4 to 7 \
            hours in), or, \
            with --same-build, after a restart, once it keeps pace with the lifetime before where \
            that one lived 4 hours or more and was judged leaking (typically 2 to 4.5 hours after \
            the restart for a leak of 1 %/hour or more; not after a deploy: a release that fixes \
            the leak and fills a bigger cache keeps pace too). After a restart, a climb in a \
            process younger than 4 hours must rise above the lifetime before at the same ages, \
            where that one lived 4 hours or more: a cache filling again as it did is a plateau. \
            How soon, measured: \
            docs/detection.md. \
            --replay feeds the samples one at a time, as a live watch would, and reports when \
            the verdict first became leaking; with --replay-from TIME, the samples before TIME \
            are history and the replay starts there.

            Exit status: 0 judged not leaking, 1 leaking (with --each: any series), 2 unreadable \
            input or usage error, 3 not judged yet (insufficient-data: not enough readings after \
            warm-up, or too soon to tell a climb from a filling cache; with --each: any series).
            """
    )

    @Argument(help: "The recorded series (CSV or JSON), or '-'.")
    var file: String?

    @Option(help: ArgumentHelp("A Prometheus server's URL (http://prometheus:9090): read the series from it instead of a file.", valueName: "url"))
    var prometheus: String?

    @Option(help: ArgumentHelp("With --prometheus: the PromQL expression, one series (go_memstats_heap_inuse_bytes{instance=\"api-1:8080\"}).", valueName: "expr"))
    var query: String?

    @Option(help: ArgumentHelp("With --prometheus: how far back to read (2d; a day after warm-up tells a daily cycle from a leak).", valueName: "duration"))
    var range = "2d"

    @Option(help: ArgumentHelp("With --prometheus: seconds between points (default: the finest under Prometheus's 11,000 points, at least 15s).", valueName: "duration"))
    var step: String?

    @Flag(help: "With --prometheus (or a saved range query answer): judge each series the query gives, not just one.")
    var each = false

    @Option(help: ArgumentHelp("With --prometheus: seconds to wait for the answer.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(help: "Replay the samples one by one and report when the leak was first detected.")
    var replay = false

    @Option(help: ArgumentHelp("Replay from this time (Unix seconds or RFC 3339); earlier samples are history.", valueName: "time"))
    var replayFrom: String?

    @Option(help: "A limit in the series' unit (bytes, goroutines): forecast when it is reached.")
    var limit: Double?

    @Option(help: ArgumentHelp("What the values count: bytes or count (goroutines, objects). Default: a store's quantity says; a query or file whose name says goroutines counts; else bytes.", valueName: "unit"))
    var unit: SeriesUnit?

    @Flag(help: "Every lifetime in the series runs the same build (its restarts are crashes or out-of-memory kills, not deploys): a new lifetime climbing as the one before did is that leak.")
    var sameBuild = false

    @Option(help: ArgumentHelp("With a seep watch store: the target to judge (default: the one sampled last).", valueName: "target"))
    var target: String?

    @Option(help: ArgumentHelp("With a seep watch store: heap_inuse_bytes, rss_bytes or goroutines (default: the heap, else the resident set).", valueName: "quantity"))
    var quantity: Quantity?

    @Option(help: "Output format: text, json, or html (a page with the chart: samples, floor, fitted trend, warm-up, restarts).")
    var format: TrendFormat = .text

    func validate() throws {
        if (file == nil) == (prometheus == nil) {
            throw ValidationError("give one source: a FILE (or '-'), or --prometheus URL with --query")
        }
        if prometheus != nil {
            guard let query, !query.isEmpty else { throw ValidationError("--prometheus needs --query: the PromQL expression to judge") }
            guard let seconds = GoDuration.seconds(range), seconds > 0 else { throw ValidationError("--range: '\(range)' is not a duration (like 6h, 2d)") }
            if let step, (GoDuration.seconds(step) ?? 0) <= 0 { throw ValidationError("--step: '\(step)' is not a duration (like 15s, 1m)") }
            if !(timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout: seconds above 0, at most 3600") }
            if target != nil || quantity != nil { throw ValidationError("--target and --quantity pick a series from a seep watch store, not from Prometheus") }
        } else if query != nil {
            throw ValidationError("--query goes with --prometheus URL")
        }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        if let replayFrom, replayStart == nil {
            throw ValidationError("--replay-from: '\(replayFrom)' is neither Unix seconds nor an RFC 3339 time")
        }
    }

    /// `--replay-from` in Unix seconds.
    private var replayStart: Double? { replayFrom.flatMap { SeriesParser.timestamp($0)?.0 } }

    func run() throws {
        if let prometheus, let query { return try judgePrometheus(prometheus, query: query) }
        let file = file ?? "-"
        if file != "-" { try TrendCommand.checkIsRegularFile(file) }
        if file != "-", let head = FileHandle(forReadingAtPath: file)?.readData(ofLength: 16), head.starts(with: Array("SQLite format 3\0".utf8)) {
            return try judgeStore()
        }
        let text: String
        if file == "-" {
            let data = FileHandle.standardInput.readData(ofLength: TrendCommand.maxSeriesBytes + 1)
            guard data.count <= TrendCommand.maxSeriesBytes else { throw CommandFailure("standard input: \(TrendCommand.tooLarge)") }
            text = String(decoding: data, as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("\(file): cannot read the file")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        if target != nil || quantity != nil {
            throw CommandFailure("\(file): --target and --quantity pick a series from a seep watch store; this is a recorded series")
        }
        if each {
            var parser = MiniJSON(Array(text.utf8))
            guard let answer = try? parser.parse(), PrometheusMatrix.isAnswer(answer) else {
                throw CommandFailure("\(file): --each judges each series of a Prometheus range query's answer, and this is not one")
            }
            do {
                let found = try PrometheusMatrix.series(answer)
                return try judgeEach(found, bytes: isBytes(!found.contains { !TrendCommand.measuresBytes($0.name) }))
            } catch let failure as SeriesParser.Failure {
                throw CommandFailure("\(file): \(failure)")
            }
        }
        let parsed: SeriesParser.Parsed
        do {
            parsed = try SeriesParser.parse(text)
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
        try judge(parsed.samples, name: file, rfc3339: parsed.usesRFC3339, bytes: isBytes(TrendCommand.measuresBytes(file)))
    }

    /// The history of one series from a Prometheus server, up to now.
    private func judgePrometheus(_ server: String, query: String) throws {
        let fetcher = HTTPFetcher(timeout: timeout, userAgent: "seep/\(Seep.version)")
        let bytes = isBytes(TrendCommand.measuresBytes(query))
        let samples: [Sample]
        do {
            let found = try PrometheusRange.fetch(server: server, query: query, range: GoDuration.seconds(range)!,
                                                  end: Date().timeIntervalSince1970, step: step.flatMap(GoDuration.seconds), fetcher: fetcher)
            if each { return try judgeEach(found, bytes: bytes) }
            samples = try SeriesParser.onlySeries(found)
        } catch let failure as HTTPFetcher.Failure {
            throw CommandFailure(failure.description)
        } catch let failure as SeriesParser.Failure {
            throw CommandFailure("\(server): \(query): \(failure)")
        }
        try judge(samples, name: query, rfc3339: true, bytes: bytes)
    }

    /// A `seep watch --store` file: one target's quantity, read back as a series.
    private func judgeStore() throws {
        let file = file ?? "-"
        do {
            let store = try SampleStore(path: file, readOnly: true)
            let targets = try store.targets()
            guard let chosen = target ?? targets.first else { throw CommandFailure("\(file): the store holds no readings") }
            guard targets.contains(chosen) else {
                throw CommandFailure("\(file): no readings of \(chosen); the store has: \(targets.joined(separator: ", "))")
            }
            let stored = try store.quantities(target: chosen)
            guard let measured = quantity ?? [.heapInuseBytes, .rssBytes, .goroutines].first(where: stored.contains) else {
                throw CommandFailure("\(file): no readings of \(chosen)")
            }
            guard stored.contains(measured) else {
                throw CommandFailure("\(file): no \(measured.rawValue) readings of \(chosen); it has \(stored.map(\.rawValue).joined(separator: ", "))")
            }
            try judge(try store.samples(target: chosen, quantity: measured), name: "\(chosen) \(measured.rawValue)", rfc3339: true,
                      bytes: isBytes(measured.isBytes))
        } catch let failure as SampleStore.Failure {
            throw CommandFailure(failure.description)
        }
    }

    private func judge(_ samples: [Sample], name: String, rfc3339: Bool, bytes: Bool) throws {
        let outcome = try self.outcome(samples, name: name)
        print(format.render(outcome, samples: samples, name: name, replayed: replay || replayFrom != nil, rfc3339: rfc3339, bytes: bytes), terminator: "")
        try TrendCommand.exit(for: [outcome.final.verdict])
    }

    /// Whether the values are bytes: as --unit says, else as `guess` (from the name).
    private func isBytes(_ guess: Bool) -> Bool {
        unit.map { $0 == .bytes } ?? guess
    }

    /// The exit status of verdicts (of a series, each series, or each quantity a watch reads):
    /// 1 when any is leaking, else 3 when any is not judged yet, else 0. "Not enough data
    /// yet" is not "clean": a script must not read it as a pass.
    static func exit(for verdicts: [Verdict]) throws {
        if verdicts.contains(.leaking) { throw ExitCode(1) }
        if verdicts.isEmpty || verdicts.contains(.insufficientData) { throw ExitCode(notJudged) }
    }

    static let notJudged: Int32 = 3

    /// The largest recorded series read (CSV or JSON): about 450,000 readings, fifty days at
    /// one every 10 seconds. Judging one costs about 20 bytes of memory a byte.
    static let maxSeriesBytes = 8 << 20
    static let tooLarge = "over the \(maxSeriesBytes >> 20) MiB a recorded series may have; keep one reading a minute (or a watch store, which thins itself) and try again"

    /// A series or a store is a file: a directory, a FIFO or a device is refused before it is
    /// opened (reading /dev/zero would never end, a FIFO could wait forever).
    static func checkIsRegularFile(_ file: String) throws {
        var info = stat()
        guard stat(file, &info) == 0 else { throw CommandFailure("\(file): \(String(cString: strerror(errno)))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // a store is read a query at a time; a recorded series is read whole
            let isStore = FileHandle(forReadingAtPath: file)?.readData(ofLength: 16).starts(with: Array("SQLite format 3\0".utf8)) ?? false
            if !isStore && Int(info.st_size) > maxSeriesBytes { throw CommandFailure("\(file): \(tooLarge)") }
            return
        case S_IFDIR: throw CommandFailure("\(file): is a directory; give a recorded series (CSV or JSON) or a seep watch store")
        default: throw CommandFailure("\(file): not a regular file (a FIFO, a device or a socket); give a recorded series or pipe it to '-'")
        }
    }

    /// Whether a query or a series (by its metric's name) counts bytes, for the charts' axes:
    /// all a watch reads do but goroutines.
    static func measuresBytes(_ name: String) -> Bool {
        !name.contains("goroutines")
    }

    /// Each series of a Prometheus answer judged on its own (`--each`): which instance leaks.
    private func judgeEach(_ found: [PrometheusMatrix.Series], bytes: Bool) throws {
        let judged = try found.filter { !$0.samples.isEmpty }.map { series in
            TrendFormat.Judged(name: series.name, samples: series.samples, outcome: try outcome(series.samples, name: series.name))
        }
        guard !judged.isEmpty else { throw CommandFailure(found.isEmpty ? "the query matched no series" : "no series has finite values in the range") }
        print(format.render(judged, replayed: replay || replayFrom != nil, bytes: bytes), terminator: "")
        try TrendCommand.exit(for: judged.map(\.outcome.final.verdict))
    }

    private func outcome(_ samples: [Sample], name: String) throws -> Replay.Outcome {
        var detector = TrendDetector()
        detector.limit = limit
        detector.sameBuild = sameBuild
        if let start = replayStart, let last = samples.map(\.time).max(), start > last {
            throw CommandFailure("\(name): --replay-from \(replayFrom ?? "") is after the last sample")
        }
        if replay || replayFrom != nil { return Replay(detector: detector).run(samples, from: replayStart) }
        return Replay.Outcome(final: detector.analyze(samples), firstDetectedAt: nil)
    }
}

/// What a recorded series' values count (for charts, slopes and limits).
enum SeriesUnit: String, ExpressibleByArgument, CaseIterable {
    case bytes, count
}

enum TrendFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, html

    func render(_ outcome: Replay.Outcome, samples: [Sample], name: String, replayed: Bool, rfc3339: Bool, bytes: Bool = true) -> String {
        let result = outcome.final
        switch self {
        case .html:
            let notes = outcome.firstDetectedAt.map { [(time: $0, text: "first detected as leaking (replay)")] } ?? []
            return TrendHTML.render(title: "seep trend \(name)", panels: [TrendPanel(name: name, isBytes: bytes, samples: samples, result: result)],
                                    notes: notes)
        case .text:
            var out = "\(result.verdict.rawValue): \(result.explanation)\n"
            // slopes carry their unit; times read as dates (JSON keeps the input's form)
            func perHour(_ value: Double) -> String {
                (bytes ? TrendHTML.format(value, bytes: true) : String(format: "%.4g", value)) + "/hour"
            }
            func date(_ seconds: Double?) -> String? { seconds.map(RFC3339.format) }
            if result.verdict != .insufficientData {
                out += "  slope \(perHour(result.slopePerHour)) (95% interval \(perHour(result.slopeLowPerHour)) to \(perHour(result.slopeHighPerHour))), "
                    + String(format: "%.3f %%/hour, confidence %.4f\n", result.percentPerHour, result.confidence)
                if let since = date(result.since) { out += "  analysed since \(since) (after warm-up)\n" }
            }
            if let hours = result.hoursToLimit { out += String(format: "  reaches the limit in %.1f hours\n", hours) }
            if result.segments > 1 { out += "  \(result.segments) process lifetimes (restarts); the last one was judged\n" }
            if replayed { out += "  first detected: \(date(outcome.firstDetectedAt) ?? "never")\n" }
            return out
        case .json:
            return TrendFormat.encode(TrendFormat.document(outcome, rfc3339: rfc3339, series: nil))
        }
    }

    /// One series of several, judged (`--each`).
    struct Judged {
        let name: String
        let samples: [Sample]
        let outcome: Replay.Outcome
    }

    /// Several series: a block each and a count of verdicts, an array of documents (each
    /// with its `series`), or a page with a chart each. Times are RFC 3339.
    func render(_ judged: [Judged], replayed: Bool, bytes: Bool) -> String {
        switch self {
        case .html:
            let panels = judged.map { TrendPanel(name: $0.name, isBytes: bytes, samples: $0.samples, result: $0.outcome.final) }
            return TrendHTML.render(title: "seep trend: \(judged.count) series", panels: panels)
        case .json:
            return TrendFormat.encode(judged.map { TrendFormat.document($0.outcome, rfc3339: true, series: $0.name) })
        case .text:
            var out = ""
            for series in judged {
                let block = render(series.outcome, samples: series.samples, name: series.name, replayed: replayed, rfc3339: true, bytes: bytes)
                out += TerminalText.escaped(series.name) + "\n" + block.split(separator: "\n").map { "  " + $0 + "\n" }.joined()
            }
            let counts = Verdict.allCases.compactMap { verdict -> String? in
                let count = judged.filter { $0.outcome.final.verdict == verdict }.count
                return count > 0 ? "\(count) \(verdict.rawValue)" : nil
            }
            return out + "\(judged.count) series: " + counts.joined(separator: ", ") + "\n"
        }
    }

    struct Document: Encodable {
        let verdict: String
        let explanation: String
        let slope_per_hour: Double
        let slope_interval_per_hour: [Double]
        let percent_per_hour: Double
        let confidence: Double
        let since: Nullable<String>
        let first_detected_at: Nullable<String>
        let hours_to_limit: Nullable<Double>
        let segments: Int
        /// Only with --each: which series (its labels).
        let series: String?
    }

    static func document(_ outcome: Replay.Outcome, rfc3339: Bool, series: String?) -> Document {
        let result = outcome.final
        func time(_ seconds: Double?) -> String? {
            seconds.map { rfc3339 ? RFC3339.format($0) : String(format: "%.0f", $0) }
        }
        func round(_ value: Double) -> Double { (value * 1e6).rounded() / 1e6 }
        return Document(
            verdict: result.verdict.rawValue, explanation: result.explanation, slope_per_hour: round(result.slopePerHour),
            slope_interval_per_hour: [round(result.slopeLowPerHour), round(result.slopeHighPerHour)],
            percent_per_hour: round(result.percentPerHour), confidence: round(result.confidence), since: Nullable(time(result.since)),
            first_detected_at: Nullable(time(outcome.firstDetectedAt)), hours_to_limit: Nullable(result.hoursToLimit.map(round)),
            segments: result.segments, series: series)
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }
}
