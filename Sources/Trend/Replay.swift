/// Feeds samples to the detector one at a time, as a live watch would, and finds when the
/// verdict first became `leaking`. The detector runs after each new sample, or after every
/// `stride` samples on long series (at most `maximumEvaluations` runs), so the detection
/// time is exact to within one stride.
public struct Replay: Sendable {
    public var detector: TrendDetector
    public var maximumEvaluations = 600

    public init(detector: TrendDetector = TrendDetector()) {
        self.detector = detector
    }

    public struct Outcome: Sendable {
        /// The verdict on the whole series.
        public let final: TrendResult
        /// When `leaking` was first said: the time of the last sample seen then.
        public let firstDetectedAt: Double?

        public init(final: TrendResult, firstDetectedAt: Double?) {
            self.final = final
            self.firstDetectedAt = firstDetectedAt
        }
    }

    /// Samples before `from` are history the detector sees from the start, as a watch that
    /// resumes on its store does; the replay begins at `from`.
    public func run(_ samples: [Sample], from: Double? = nil) -> Outcome {
        let sorted = samples.sorted { $0.time < $1.time }
        let history = from.map { from in sorted.prefix { $0.time < from }.count } ?? 0
        let stride = max(1, (sorted.count - history) / maximumEvaluations)
        var detected: Double?
        var count = from == nil ? stride : history + 1  // the first judgement sees the sample at `from`
        while count < sorted.count && detected == nil {
            if detector.analyze(Array(sorted[..<count])).verdict == .leaking { detected = sorted[count - 1].time }
            count += stride
        }
        let final = detector.analyze(sorted)
        if detected == nil && final.verdict == .leaking { detected = sorted.last?.time }
        return Outcome(final: final, firstDetectedAt: detected)
    }
}
