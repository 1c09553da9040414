/// One measurement: when (Unix seconds) and how much (bytes, goroutines…).
public struct Sample: Sendable, Hashable {
    public let time: Double
    public let value: Double
    /// Which process (or series) it came from, when the source says; a change starts a new segment.
    public let series: String?

    public init(time: Double, value: Double, series: String? = nil) {
        self.time = time
        self.value = value
        self.series = series
    }
}

/// Splits a series into the stretches of one process's life: a new segment starts when the
/// series label changes (a new pid), or — for series without labels — when the value falls
/// back near where the segment started after having grown (a restart resets memory; a counter
/// reset does the same). Labelled series split on labels only: a heap in use halves at every
/// GC cycle, and that must not read as a restart when the source can tell restarts itself.
public enum Segmentation {
    /// A fall to below this fraction of the segment's highest value…
    static let restartDrop = 0.5
    /// …that lands within this factor of the segment's first value is a restart.
    static let restartLevel = 1.25

    public static func segments(_ samples: [Sample]) -> [[Sample]] {
        var segments: [[Sample]] = []
        var current: [Sample] = []
        var highest = -Double.infinity
        let labelled = samples.contains { $0.series != nil }
        for sample in samples {
            if let first = current.first {
                let newProcess = sample.series != nil && sample.series != first.series
                let restarted = !labelled && sample.value < highest * restartDrop && sample.value <= first.value * restartLevel
                if newProcess || restarted {
                    segments.append(current)
                    current = []
                    highest = -Double.infinity
                }
            }
            current.append(sample)
            highest = max(highest, sample.value)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}
