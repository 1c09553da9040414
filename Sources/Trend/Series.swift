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
    /// …that lands within this factor of the segment's first value…
    static let restartLevel = 1.25
    /// …and below this fraction of the lowest value of the hour before, is a restart. The GC
    /// sawtooth falls back to its floor, which an hour always holds (collections come minutes
    /// apart), and a daily cycle's floor sinks far slower than this; a restart falls under
    /// the floor, to where the process started.
    static let restartBelowFloor = 0.9
    static let floorMemory = 3600.0
    /// The floor a restart falls under leaves out a lifetime's first minutes (seconds): the
    /// process started there, from the level a second restart falls back to, so an hour that
    /// held them would hide a restart within an hour of the last one.
    static let startUp = 1200.0
    /// …once the samples past them span this long (seconds). Go collects at least every two
    /// minutes, so ten minutes hold several collections' lows; fewer samples may all be
    /// readings up a sawtooth, and a live heap in use falls back to its start level at every
    /// collection (seen in recordings of examples/agent: a restart every 20 minutes). Until
    /// then, the floor of the hour before, start-up included, is the floor.
    static let settledSpan = 600.0

    public static func segments(_ samples: [Sample]) -> [[Sample]] {
        var segments: [[Sample]] = []
        var current: [Sample] = []
        var highest = -Double.infinity
        var lows = SlidingMinimum(span: floorMemory)
        var settledLows = SlidingMinimum(span: floorMemory)
        var settledSince: Double?
        let labelled = samples.contains { $0.series != nil }
        for sample in samples {
            if let first = current.first {
                let newProcess = sample.series != nil && sample.series != first.series
                let settled = settledSince.map { sample.time - $0 >= settledSpan } ?? false
                let floor = settled ? settledLows.minimum(before: sample.time) : lows.minimum(before: sample.time)
                let restarted = !labelled && sample.value < highest * restartDrop && sample.value <= first.value * restartLevel
                    && sample.value < floor * restartBelowFloor
                if newProcess || restarted {
                    segments.append(current)
                    current = []
                    highest = -Double.infinity
                    lows = SlidingMinimum(span: floorMemory)
                    settledLows = SlidingMinimum(span: floorMemory)
                    settledSince = nil
                }
            }
            current.append(sample)
            highest = max(highest, sample.value)
            lows.add(sample)
            if sample.time - current[0].time >= startUp {
                settledLows.add(sample)
                settledSince = settledSince ?? sample.time
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}

/// The lowest value over the last `span` seconds of samples added in time order (a queue of
/// ever larger values, so each sample enters and leaves once).
struct SlidingMinimum {
    let span: Double
    private var queue: [Sample] = []
    private var head = 0

    init(span: Double) { self.span = span }

    mutating func add(_ sample: Sample) {
        while queue.count > head && queue[queue.count - 1].value >= sample.value { queue.removeLast() }
        queue.append(sample)
    }

    /// The lowest value of the samples within `span` before `time` (infinity when none).
    mutating func minimum(before time: Double) -> Double {
        while head < queue.count && queue[head].time < time - span { head += 1 }
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return head < queue.count ? queue[head].value : .infinity
    }
}
