import ArgumentParser
import Foundation
import Reports
import Trend
import Watch

#if canImport(Glibc)
import Glibc
#endif

/// `seep watch`: the memory lens, live.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a process's memory and goroutines, and say when they climb steadily.",
        discussion: """
            TARGET is one of:
              pid:N           a process on this machine (its resident set, from /proc)
              http(s)://…     a Go service: its root or /debug/pprof URL (Seep finds \
            /debug/vars, /metrics or /debug/pprof), an expvar /debug/vars URL (heap in use, and \
            the goroutine count from 'goroutines' when published, else from \
            /debug/pprof/goroutine?debug=1), or a Prometheus /metrics URL \
            (go_memstats_heap_inuse_bytes, go_goroutines, process_resident_memory_bytes)
              -- COMMAND …    a command Seep starts and watches until it exits

            Every reading is committed to --store (SQLite, WAL) as it is taken: a watch that is \
            killed loses nothing, and a new watch with the same store and target resumes the \
            series. Readings older than 6 hours are thinned to per-minute minima, older than a \
            week to 10-minute minima. Without --store the series lives in memory, thinned after 10 \
            minutes.

            Warm-up (the first quarter of the process's life, 30 minutes to 2 hours) is left \
            out; a verdict needs 30 minutes of readings after it. When a quantity is leaking \
            and the service serves net/http/pprof (the target's URL, or --pprof), Seep saves a \
            goroutine dump and a heap profile into --capture DIR and names the site where \
            goroutines pile up — at most once per --cooldown.

            A leak that begins with the process climbs, in its first hours, as a cache filling \
            up does (insufficient-data, not plateau, until the floor bends): it is told apart \
            once it has outgrown a cache filling over up to 4 hours (typically 4 to 7 hours \
            after the start); one that begins later is found sooner. With \
            --same-build (restarts are crashes or out-of-memory kills, not deploys) it is found \
            sooner after a restart too, when the lifetime before lived 4 hours or more and was \
            judged leaking: a climb that keeps pace with that one's at the same ages is the same \
            leak (typically 2 to 4.5 hours after the restart for a leak of 1 %/hour or more). Not \
            after a deploy: a release that fixes the leak and fills a bigger cache keeps pace too. \
            A climb since warm-up in a process younger than 4 hours must otherwise hold 30 \
            minutes, not 15, to be reported; after a restart, a climb in a process that young \
            must also rise above the lifetime before at the same ages, where that one lived 4 \
            hours or more: a cache filling again as it did is a plateau. How soon leaks are \
            found, measured: \
            docs/detection.md.

            A daily cycle's rise cannot be told from a leak before a day has been seen. When \
            Prometheus already scrapes the service, --history URL reads what it knows (the \
            metrics above, over --history-range) and joins it to the series at the first \
            reading: --history-match picks the instance (by default, for a URL, the instance \
            label Prometheus gives it: '{instance="HOST:PORT"}').

            On a terminal Seep redraws a panel; otherwise it writes a line when something \
            happens. --format json writes one JSON object a line (docs/json.md). Stop with \
            Ctrl-C or --duration.

            Exit status: 0 judged not leaking when the watch ended, 1 leaking, 2 error \
            (unreachable target at start, unreadable store, bad option), 3 not judged yet (a \
            quantity still insufficient-data: too few readings after warm-up, or too soon to \
            tell a climb from a filling cache).
            """
    )

    @Argument(help: ArgumentHelp("pid:N or the http(s) URL of a Go service.", valueName: "target"))
    var target: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("A command to start and watch, after '--'.", valueName: "command"))
    var command: [String] = []

    @Option(help: ArgumentHelp("Time between readings (Go durations: 500ms, 1s, 1m).", valueName: "duration"))
    var interval = "1s"

    @Option(help: ArgumentHelp("Stop after this long (default: until Ctrl-C or the target exits).", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("SQLite file that keeps the readings; resumed when it exists.", valueName: "file"))
    var store: String?

    @Option(help: ArgumentHelp("Memory limit (512MiB, 2GiB): forecast when the heap or resident set reaches it.", valueName: "size"))
    var limit: String?

    @Option(help: ArgumentHelp("Goroutine limit: forecast when the count reaches it.", valueName: "count"))
    var goroutineLimit: Double?

    @Option(help: ArgumentHelp("Directory for goroutine dumps and heap profiles taken when a leak is seen.", valueName: "dir"))
    var capture: String?

    @Option(help: ArgumentHelp("The service's net/http/pprof URL, to capture from (and read) when TARGET is a pid or a command.", valueName: "url"))
    var pprof: String?

    @Option(help: ArgumentHelp("At most one capture per this long while a leak lasts.", valueName: "duration"))
    var cooldown = "30m"

    @Option(help: ArgumentHelp("Write a self-contained HTML report (charts of every series) here when the watch ends.", valueName: "file"))
    var report: String?

    @Option(help: "Output format: text or json (one object a line).")
    var format: WatchFormat = .text

    @Option(help: ArgumentHelp("A Prometheus server that scrapes the target (http://prometheus:9090): start with its history.", valueName: "url"))
    var history: String?

    @Option(help: ArgumentHelp("With --history: the labels of the target's series there, as a PromQL selector (default for a URL: '{instance=\"HOST:PORT\"}', as Prometheus labels what it scrapes).", valueName: "selector"))
    var historyMatch: String?

    @Option(help: ArgumentHelp("With --history: how far back to read (a day after warm-up tells a daily cycle from a leak).", valueName: "duration"))
    var historyRange = "2d"

    @Option(help: ArgumentHelp("Seconds to wait for an HTTP answer.", valueName: "seconds"))
    var timeout: Double = 5

    @Option(help: ArgumentHelp("Warm-up to leave out, instead of a quarter of the lifetime (30m to 2h). For fast targets and tests.", valueName: "duration"))
    var warmUp: String?

    @Option(help: ArgumentHelp("Floor window, instead of 4m; the data needed after warm-up scales with it. For fast targets and tests.", valueName: "duration"))
    var window: String?

    @Flag(help: "The target's restarts run the same build (crashes, out-of-memory kills, not deploys): a new lifetime climbing as the one before did is that leak.")
    var sameBuild = false

    func validate() throws {
        if (target == nil) == command.isEmpty {
            throw ValidationError("give one target: pid:N, an http(s) URL, or a command after '--'")
        }
        let durations: [(String, String?)] = [("--interval", interval), ("--cooldown", cooldown), ("--duration", duration),
                                              ("--warm-up", warmUp), ("--window", window), ("--history-range", historyRange)]
        for (name, given) in durations {
            guard let value = given else { continue }
            guard GoDuration.seconds(value) != nil else { throw ValidationError("\(name): '\(value)' is not a duration (like 500ms, 10s, 5m, 1h)") }
        }
        if GoDuration.seconds(interval)! < 0.01 { throw ValidationError("--interval must be at least 10ms") }
        if let limit, ByteSize.bytes(limit) == nil { throw ValidationError("--limit: '\(limit)' is not a size (like 512MiB, 2GiB)") }
        if !(timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout: seconds above 0, at most 3600") }
        if GoDuration.seconds(historyRange) == 0 { throw ValidationError("--history-range must be longer than 0s") }
        if history == nil && historyMatch != nil { throw ValidationError("--history-match goes with --history URL") }
        if let historyMatch, !historyMatch.isEmpty && !(historyMatch.hasPrefix("{") && historyMatch.hasSuffix("}")) {
            throw ValidationError("--history-match: '\(historyMatch)' is not a selector (like '{job=\"api\",instance=\"api-1:8080\"}')")
        }
        if capture != nil && pprof == nil && !(target?.hasPrefix("http") ?? false) {
            throw ValidationError("--capture needs a net/http/pprof URL: watch the service's URL, or give --pprof")
        }
    }

    func run() throws {
        let fetcher = HTTPFetcher(timeout: timeout, userAgent: "seep/\(Seep.version)")
        let storeFile = try openStore()
        var launched: LaunchedCommand?
        let key: String
        var parts: [Sampler] = []
        do {
            if let target {
                key = URLCredentials.redacted(target)
                parts.append(try sampler(for: target, fetcher: fetcher, store: storeFile))
            } else {
                key = command.joined(separator: " ")
                launched = try LaunchedCommand(command)
                parts.append(ProcSampler(pid: launched!.pid))
            }
            if let pprof, target != pprof {
                parts.append(try connectWhenUp(pprof, fetcher: fetcher, store: storeFile, key: key, waiting: launched != nil))
            }
        } catch let failure as SamplingFailure {
            launched?.stop()
            throw CommandFailure(failure.description)
        }
        defer { launched?.stop() }
        let evidence = try capture.map { directory in
            do {
                return try EvidenceCapture(directory: directory, service: pprof ?? target!, fetcher: fetcher)
            } catch let failure as SamplingFailure {
                throw CommandFailure(failure.description)
            }
        }
        let session: WatchSession
        do {
            session = try WatchSession(target: key, sampler: parts.count == 1 ? parts[0] : CombinedSampler(parts), store: storeFile,
                                       capture: evidence, settings: settings(), now: Date().timeIntervalSince1970)
        } catch let failure as SampleStore.Failure {
            throw CommandFailure(failure.description)
        }
        if let history {
            // a range query over days can take longer than a reading should
            let slow = HTTPFetcher(timeout: max(timeout, 30), userAgent: "seep/\(Seep.version)")
            do {
                session.history = try ServiceHistory.fetch(server: history, selector: historyMatch ?? defaultHistoryMatch, range: GoDuration.seconds(historyRange)!,
                                                           end: Date().timeIntervalSince1970, fetcher: slow)
            } catch let failure as HTTPFetcher.Failure {
                throw CommandFailure(failure.description)
            }
        }
        let stopper = Stopper()
        OutputClosed.stopper = stopper
        let deadline = duration.flatMap(GoDuration.seconds).map { Date().timeIntervalSince1970 + $0 }
        let onTerminal = format == .text && isatty(STDOUT_FILENO) == 1
        var panel = WatchPanel()
        let started = Date().timeIntervalSince1970
        // once the first reading is in, start-up is over: its pages go back (and again each
        // hour, for whatever rare paths, such as a capture, touched since); between readings
        // the code a reading ran is unmapped too
        var pagesReleased = -Double.infinity
        let stop: WatchSession.Stop
        do {
            stop = try session.run(
                clock: { Date().timeIntervalSince1970 },
                sleep: { seconds in
                    let now = Date().timeIntervalSince1970
                    if session.readings > 0 && now - pagesReleased >= 3600 {
                        StartupPages.release()
                        pagesReleased = now
                    } else if session.readings > 0 {
                        StartupPages.releaseCode()
                    }
                    let wait = deadline.map { min(seconds, $0 - Date().timeIntervalSince1970) } ?? seconds
                    return stopper.sleep(max(0, wait))
                },
                shouldStop: { stopper.stopped || deadline.map { Date().timeIntervalSince1970 >= $0 } ?? false },
                emit: { event in
                    switch format {
                    case .json:
                        if let line = WatchJSONLines.line(event, target: key) { write(line + "\n") }
                    case .text where onTerminal:
                        if case .capture(let taken, _) = event { panel.lastCapture = WatchLog.describe(taken) }
                        if case .skipped(_, let reason) = event { panel.lastProblem = "skipped a reading: " + reason }
                        if case .history = event { panel.history = WatchLog.line(event) }
                        if case .sample = event {
                            panel.lastProblem = nil
                            write(panel.redraw(session, source: parts.map(\.source).joined(separator: " + "),
                                               elapsed: Date().timeIntervalSince1970 - started, width: terminalWidth()))
                        }
                    case .text:
                        if let line = WatchLog.line(event) { write(TerminalText.escaped(line) + "\n") }
                    }
                })
        } catch {
            // a watch never ends without its last word: the stopped event and the report
            // (from what was read so far), then the error
            let message = (error as? SamplingFailure)?.description ?? (error as? SampleStore.Failure)?.description ?? "\(error)"
            try? finish(session, key: key, reason: "error: " + message)
            throw CommandFailure(message)
        }
        let reason: String
        switch stop {
        case .requested: reason = stopper.stopped ? "interrupted" : "duration reached"
        case .targetGone(let why): reason = launched?.outcome() ?? why
        }
        try finish(session, key: key, reason: reason)
        try TrendCommand.exit(for: session.results.values.map(\.verdict))
    }

    private func finish(_ session: WatchSession, key: String, reason: String) throws {
        switch format {
        case .json: write(WatchJSONLines.stopped(reason: reason, readings: session.readings, results: session.results) + "\n")
        case .text:
            write("stopped (\(reason)) after \(session.readings) readings\n")
            for (quantity, result) in session.results.sorted(by: { $0.key < $1.key }) {
                write("  \(quantity.rawValue): \(result.verdict.rawValue): \(result.explanation)\n")
            }
        }
        if let report {
            let panels = session.series.sorted(by: { $0.key < $1.key }).map { quantity, samples in
                TrendPanel(name: quantity.rawValue, isBytes: quantity.isBytes, samples: samples,
                           result: session.results[quantity] ?? settings().detector.analyze(samples))
            }
            let notes = ((try? session.store.events(target: key)) ?? []).map { (time: $0.time, text: "\($0.kind): \($0.detail)") }
            let page = TrendHTML.render(title: "seep watch \(key)", panels: panels, notes: notes)
            do {
                try AtomicFile.write(Array(page.utf8), to: report)
            } catch {
                throw CommandFailure("\(report): cannot write the report (\(error))")
            }
            if format == .text { write("report: \(report)\n") }
        }
    }

    /// The instance label Prometheus gives what it scrapes at the target's URL (its host and
    /// port), or no selector for a pid or a command without --pprof.
    private var defaultHistoryMatch: String {
        guard let url = [target, pprof].compactMap({ $0 }).first(where: { $0.hasPrefix("http") }),
              let components = URLComponents(string: url), let host = components.host else { return "" }
        let port = components.port ?? (components.scheme == "https" ? 443 : 80)
        return "{instance=\"\(host.contains(":") ? "[\(host)]" : host):\(port)\"}"
    }

    private func settings() -> WatchSession.Settings {
        var settings = WatchSession.Settings()
        settings.interval = GoDuration.seconds(interval)!
        settings.captureCooldown = GoDuration.seconds(cooldown)!
        settings.detector = settings.detector.timeScaled(warmUp: warmUp.flatMap(GoDuration.seconds), window: window.flatMap(GoDuration.seconds))
        settings.detector.sameBuild = sameBuild
        // a fast watch judges as often as it reads, up to the default pace
        settings.evaluationInterval = min(settings.evaluationInterval, max(settings.interval, settings.detector.minimumWindow / 16))
        if let bytes = limit.flatMap(ByteSize.bytes) {
            settings.limits[.heapInuseBytes] = bytes
            settings.limits[.rssBytes] = bytes
        }
        settings.limits[.goroutines] = goroutineLimit
        if store == nil {
            // a store in memory must not grow with the readings: thin it after 10 minutes
            settings.tiers = [Downsampling.Tier(age: 600, window: 60)] + Downsampling.defaultTiers.dropFirst()
            settings.downsampleInterval = 60
        }
        return settings
    }

    private func openStore() throws -> SampleStore {
        do {
            return try SampleStore(path: store)
        } catch let failure as SampleStore.Failure {
            throw CommandFailure(failure.description)
        }
    }

    private func sampler(for target: String, fetcher: HTTPFetcher, store: SampleStore) throws -> Sampler {
        if target.hasPrefix("pid:") {
            guard let pid = Int32(target.dropFirst(4)), pid > 0 else { throw SamplingFailure(.fatal, "\(target): expected pid:N with N a process id") }
            let sampler = ProcSampler(pid: pid)
            do {
                _ = try sampler.read(at: 0)  // fails now, clearly, when there is no such process
            } catch let failure as SamplingFailure where failure.kind == .gone {
                throw SamplingFailure(.fatal, "\(target): no such process")
            }
            return sampler
        }
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            return try ServiceSampler.connect(target, fetcher: fetcher, resumedInstance: try? store.lastInstance(target: URLCredentials.redacted(target)))
        }
        throw SamplingFailure(.fatal, "\(target): not a target (pid:N, an http(s) URL, or a command after '--')")
    }

    /// A service that Seep started may need a moment to listen: wait up to 10 seconds for it.
    private func connectWhenUp(_ url: String, fetcher: HTTPFetcher, store: SampleStore, key: String, waiting: Bool) throws -> Sampler {
        let until = Date().timeIntervalSince1970 + (waiting ? 10 : 0)
        while true {
            do {
                return try ServiceSampler.connect(url, fetcher: fetcher, resumedInstance: try? store.lastInstance(target: key))
            } catch let failure as SamplingFailure where Date().timeIntervalSince1970 < until {
                _ = failure
                usleep(200_000)
            }
        }
    }

    /// Straight to the descriptor: a watch's lines must reach a pipe as they happen. When the
    /// reader has gone (`seep watch … | head`), the watch stops as if interrupted; every
    /// reading taken is already in the store.
    private func write(_ text: String) {
        guard !OutputClosed.flag.value else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                OutputClosed.flag.value = true
                OutputClosed.stopper?.stop()
                return
            }
            bytes = bytes.dropFirst(count)
        }
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 100
    }
}

enum WatchFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Set once standard output is closed by its reader.
enum OutputClosed {
    final class Flag: @unchecked Sendable {
        var value = false
    }
    static let flag = Flag()
    nonisolated(unsafe) static var stopper: Stopper?
}

/// Ctrl-C, SIGTERM and SIGHUP (a closed terminal) end a watch cleanly: the sleeping loop wakes at once, the report is written.
final class Stopper: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var flag = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        // a closed pipe is an error from write(2), not a signal that kills the watch
        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            sources.append(source)
        }
    }

    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }

    func stop() {
        lock.lock()
        flag = true
        lock.unlock()
        semaphore.signal()
    }

    /// Waits up to `seconds`; false when woken to stop.
    func sleep(_ seconds: Double) -> Bool {
        if stopped { return false }
        return semaphore.wait(timeout: .now() + seconds) == .timedOut && !stopped
    }
}
