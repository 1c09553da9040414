import Trend

/// One watch of one target: reads it at a steady interval, commits each reading to the
/// store, judges each quantity's series with the trend detector, and captures evidence when
/// a leak is seen. No terminal I/O: what happens is handed to `emit` as events.
public final class WatchSession {
    public struct Settings: Sendable {
        /// Seconds between readings.
        public var interval = 1.0
        /// The detector runs at most this often (seconds): its verdict moves on the scale of
        /// minutes, and rerunning it every second would cost more than the watch itself.
        public var evaluationInterval = 15.0
        public var detector = TrendDetector()
        /// Limits to forecast against, per quantity.
        public var limits: [Quantity: Double] = [:]
        /// At most one capture per this many seconds while a leak lasts.
        public var captureCooldown = 1800.0
        /// How often old samples are thinned (seconds), and how.
        public var downsampleInterval = 600.0
        public var tiers = Downsampling.defaultTiers

        public init() {}
    }

    public enum Event {
        /// The watch began; `resumed` samples of an earlier watch of the same target were loaded.
        case started(source: String, resumed: Int)
        case sample(Reading)
        /// A quantity's verdict, when it is first known and whenever it changes.
        case verdict(Quantity, TrendResult, previous: Verdict?)
        case capture(EvidenceCapture.Capture, because: Quantity)
        /// A reading failed and the watch carries on (the target restarting, a timeout).
        case skipped(time: Double, reason: String)
        /// The target's process changed (a new pid or start time).
        case restarted(time: Double, instance: String)
        /// History from elsewhere (`history`) joined the series before the first reading:
        /// `samples` readings from `since`, at `time` (the first reading's); `apart` says why
        /// they are not the watched process's (then they are earlier lifetimes), or is nil.
        case history(time: Double, samples: Int, since: Double?, source: String, apart: String?)
    }

    public enum Stop: Equatable {
        /// Asked to stop (a signal, the duration over).
        case requested
        /// The target went away for good.
        case targetGone(String)
    }

    public let target: String
    public let sampler: Sampler
    public let store: SampleStore
    public let capture: EvidenceCapture?
    public let settings: Settings

    public private(set) var series: [Quantity: [Sample]] = [:]
    public private(set) var results: [Quantity: TrendResult] = [:]
    public private(set) var readings = 0
    /// What a Prometheus server knew of the target before the watch: joined to the series at
    /// the first reading (the readings before the watch's, or its store's, first), so that a
    /// day of it tells a daily cycle from a leak from the start.
    public var history: ServiceHistory?
    private var lastInstance: String?
    private var lastEvaluation = -Double.infinity
    private var lastDownsampling: Double
    private var lastCapture = -Double.infinity

    public init(target: String, sampler: Sampler, store: SampleStore, capture: EvidenceCapture? = nil,
                settings: Settings = Settings(), now: Double) throws {
        self.target = target
        self.sampler = sampler
        self.store = store
        self.capture = capture
        self.settings = settings
        self.lastDownsampling = now
        try store.downsample(target: target, now: now, tiers: settings.tiers)
        try reload()
        lastInstance = try store.lastInstance(target: target)
        resumedSamples = try store.readingCount(target: target)
    }

    /// Readings of an earlier watch of this target found in the store (after thinning).
    public private(set) var resumedSamples = 0

    /// Reads, stores and judges until `shouldStop` says so or the target is gone. `sleep`
    /// waits up to the given seconds and returns false when woken to stop.
    public func run(clock: () -> Double, sleep: (Double) -> Bool, shouldStop: () -> Bool,
                    emit: (Event) -> Void) throws -> Stop {
        emit(.started(source: sampler.source, resumed: resumedSamples))
        let start = clock()
        var tick = 0.0
        while !shouldStop() {
            if let gone = try step(now: clock(), emit: emit) { return .targetGone(gone) }
            // fixed ticks from the start: no drift, and a slow reading skips ticks instead of piling up
            let now = clock()
            tick = max(tick + 1, ((now - start) / settings.interval).rounded(.down) + 1)
            let wait = start + tick * settings.interval - now
            if wait > 0 && !sleep(wait) { break }
        }
        return .requested
    }

    /// One reading, stored and judged. Returns why the target is gone, or nil to go on.
    public func step(now: Double, emit: (Event) -> Void) throws -> String? {
        let reading: Reading
        do {
            reading = try sampler.read(at: now)
        } catch let failure as SamplingFailure {
            switch failure.kind {
            case .transient:
                emit(.skipped(time: now, reason: failure.description))
                return nil
            case .gone: return failure.description
            case .fatal: throw failure
            }
        }
        if history != nil { try joinHistory(first: reading, emit: emit) }
        try store.append(reading, target: target)
        readings += 1
        if let instance = reading.instance, instance != lastInstance {
            if lastInstance != nil {
                try store.record(target: target, time: now, kind: "restart", detail: instance)
                emit(.restarted(time: now, instance: instance))
            }
            lastInstance = instance
        }
        for (quantity, value) in reading.values {
            WatchSession.add(Sample(time: reading.time, value: value, series: reading.instance), to: &series[quantity, default: []],
                             resolution: memoryResolution)
        }
        emit(.sample(reading))
        if now - lastDownsampling >= settings.downsampleInterval {
            try store.downsample(target: target, now: now, tiers: settings.tiers)
            try reload()
            lastDownsampling = now
        }
        if now - lastEvaluation >= settings.evaluationInterval {
            lastEvaluation = now
            try evaluate(now: now, emit: emit)
        }
        return nil
    }

    private func evaluate(now: Double, emit: (Event) -> Void) throws {
        var leaking: Quantity?
        for (quantity, samples) in series.sorted(by: { $0.key < $1.key }) {
            var detector = settings.detector
            detector.limit = settings.limits[quantity]
            let result = detector.analyze(samples)
            let previous = results[quantity]?.verdict
            results[quantity] = result
            if previous != result.verdict {
                try store.record(target: target, time: now, kind: "verdict",
                                 detail: "\(quantity.rawValue) \(result.verdict.rawValue): \(result.explanation)")
                emit(.verdict(quantity, result, previous: previous))
            }
            if result.verdict == .leaking && leaking == nil { leaking = quantity }
        }
        if let quantity = leaking, let capture, now - lastCapture >= settings.captureCooldown {
            lastCapture = now
            let taken = capture.capture(at: now)
            let detail = (taken.files + taken.problems).joined(separator: "; ")
            try store.record(target: target, time: now, kind: "capture", detail: detail)
            emit(.capture(taken, because: quantity))
        }
    }

    /// Stores the history before the earliest reading known (a resumed store's, else this
    /// first one), joined to that reading's process.
    private func joinHistory(first reading: Reading, emit: (Event) -> Void) throws {
        guard let history else { return }
        self.history = nil
        let earliest = series.values.compactMap(\.first).min { $0.time < $1.time }
        let joined = history.joined(to: earliest.map { Reading(time: $0.time, values: [:], instance: $0.series) } ?? reading)
        let count = try store.insert(joined.series, target: target)
        let since = joined.series.values.compactMap(\.first?.time).min()
        try store.record(target: target, time: reading.time, kind: "history",
                         detail: "\(count) readings from \(history.source)" + (joined.apart.map { "; not this process's: " + $0 } ?? ""))
        try reload()
        emit(.history(time: reading.time, samples: count, since: since, source: history.source, apart: joined.apart))
    }

    private func reload() throws {
        for quantity in try store.quantities(target: target) {
            var kept: [Sample] = []
            for sample in try store.samples(target: target, quantity: quantity) {
                WatchSession.add(sample, to: &kept, resolution: memoryResolution)
            }
            series[quantity] = kept
        }
    }

    /// The detector needs no finer grain than a sixteenth of its floor window (15 s by
    /// default), whatever the interval: readings closer than this share one in-memory sample,
    /// their minimum. The store keeps every reading; memory stays the same at 20 ms or 1 s.
    var memoryResolution: Double { max(settings.interval, settings.detector.minimumWindow / 16) }

    static func add(_ sample: Sample, to samples: inout [Sample], resolution: Double) {
        if let last = samples.last, last.series == sample.series,
           (last.time / resolution).rounded(.down) == (sample.time / resolution).rounded(.down) {
            if sample.value < last.value { samples[samples.count - 1] = Sample(time: last.time, value: sample.value, series: last.series) }
            return
        }
        samples.append(sample)
    }
}
