/// What the detector says about a series.
public enum Verdict: String, Sendable, CaseIterable {
    /// A steady climb that does not slow down.
    case leaking
    /// No significant growth.
    case stable
    /// It grew, but the growth is dying out: the floor bends (a cache filling up, a pool
    /// reaching its size).
    case plateau
    /// Not enough data after warm-up to say, or growth not yet confirmed, or a climb a cache
    /// filling up explains that is not yet seen to slow down, as a leak from the process's start
    /// climbs too (the explanation says which).
    case insufficientData = "insufficient-data"
}

public struct TrendResult: Sendable {
    public let verdict: Verdict
    /// Growth of the floor (the series without its GC sawtooth), per hour, in the series' unit.
    public let slopePerHour: Double
    /// The same, as a percentage of the floor's mean level.
    public let percentPerHour: Double
    /// A 95 % interval for `slopePerHour`.
    public let slopeLowPerHour: Double
    public let slopeHighPerHour: Double
    /// One-sided confidence that the floor rises (Mann–Kendall, corrected for autocorrelation;
    /// a t test where few precise cycle levels, a cache beside the climb or the flat floor
    /// before it decide).
    public let confidence: Double
    /// Where the analysed stretch starts (after warm-up), as a time of the input.
    public let since: Double?
    /// Hours until the floor reaches the limit at this rate, when a limit is known and it grows.
    public let hoursToLimit: Double?
    /// Process lifetimes found (restarts split the series); the last one is analysed.
    public let segments: Int
    /// Why, in words.
    public let explanation: String
    /// The post-GC floor that was tested (per-window minima after warm-up); empty without a test.
    public let floor: [Sample]
    /// The fitted trend over the floor: its first and last points; empty without a test.
    public let fitted: [Sample]
    /// A climb since warm-up judged the same leak as the lifetime before showed
    /// (`repeatsEarlierLifetime`): no young process's hold.
    var repeatsEarlierLifetime = false
}

extension TrendResult {
    /// The same result, said differently (and, if given, with another verdict).
    func explained(_ explanation: String, verdict: Verdict? = nil) -> TrendResult {
        TrendResult(verdict: verdict ?? self.verdict, slopePerHour: slopePerHour, percentPerHour: percentPerHour,
                    slopeLowPerHour: slopeLowPerHour, slopeHighPerHour: slopeHighPerHour, confidence: confidence, since: since,
                    hoursToLimit: verdict == .stable ? nil : hoursToLimit, segments: segments,
                    explanation: explanation, floor: floor, fitted: fitted)
    }
}
