/// What the detector says about a series.
public enum Verdict: String, Sendable {
    /// A steady climb that does not slow down.
    case leaking
    /// No significant growth.
    case stable
    /// It grew, but the growth is dying out (a cache filling up, a pool reaching its size).
    case plateau
    /// Not enough data after warm-up to say.
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
    /// One-sided confidence that the floor rises (Mann–Kendall, corrected for autocorrelation).
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
}

/// Tells a steady leak from warm-up, caches that fill, GC sawtooth and noise.
///
/// 1. Split at restarts and analyse the last process lifetime (`Segmentation`).
/// 2. Leave out warm-up: the first `warmUpFraction` of the lifetime, between `minimumWarmUp` and
///    `maximumWarmUp` (start-up allocation and caches filling).
/// 3. Remove the GC sawtooth: the minimum of each time window (the post-GC floor).
/// 4. Test the floor for a monotonic trend (Mann–Kendall, autocorrelation-corrected) and
///    measure it (Theil–Sen slope with a confidence interval).
/// 5. Leaking only if significant, large enough to matter, and not slowing down: the second
///    half's slope must be at least `plateauRatio` of the first half's.
public struct TrendDetector: Sendable {
    /// Share of a lifetime treated as warm-up…
    public var warmUpFraction = 0.25
    /// …at least this long (seconds): start-up allocation settles over tens of minutes…
    public var minimumWarmUp = 1800.0
    /// …at most this long: a leak should be seen within hours, not after a long warm-up.
    public var maximumWarmUp = 2 * 3600.0
    /// Data needed after warm-up (seconds): shorter stretches cannot tell a trend from a wave.
    public var minimumSpan = 1800.0
    /// Floor points needed for the test.
    public var minimumPoints = 8
    /// Floor windows are at least this long (seconds): Go forces a GC at least every two
    /// minutes, so each window holds two GC cycles and its minimum is a post-GC floor.
    public var minimumWindow = 240.0
    /// Floor windows: about this many over the analysed stretch (fewer, larger windows when
    /// samples are sparse).
    public var targetWindows = 120
    /// Confidence required (one-sided): 0.999 keeps false alarms well under 1 % with
    /// autocorrelated samples.
    public var requiredConfidence = 0.999
    /// Growth smaller than this (% of the level per hour) is not worth an alarm.
    public var minimumPercentPerHour = 0.2
    /// The second half must keep at least this share of the first half's slope (a leak keeps
    /// all of it, give or take noise; a filling cache loses most of it).
    public var plateauRatio = 0.6
    /// A single step explains the floor much better than a line when its squared error is
    /// below this share of the line's: a jump (a reload, a bigger batch), not a climb.
    public var stepRatio = 0.5
    /// A limit (bytes, goroutines) to forecast against.
    public var limit: Double?

    public init() {}

    /// The same detector on another time scale, for fast targets and tests: `warmUp` fixes
    /// the warm-up left out, `window` the floor window; the data needed after warm-up keeps
    /// its proportion to the window.
    public func timeScaled(warmUp: Double?, window: Double?) -> TrendDetector {
        var scaled = self
        if let warmUp {
            scaled.minimumWarmUp = warmUp
            scaled.maximumWarmUp = warmUp
        }
        if let window {
            scaled.minimumSpan = minimumSpan / minimumWindow * window
            scaled.minimumWindow = window
        }
        return scaled
    }

    public func analyze(_ samples: [Sample]) -> TrendResult {
        let sorted = samples.sorted { $0.time < $1.time }
        let segments = Segmentation.segments(sorted)
        guard let life = segments.last, let first = life.first, let last = life.last else {
            return insufficient("no samples", segments: 0)
        }
        let lifetime = last.time - first.time
        let warmUp = min(maximumWarmUp, max(minimumWarmUp, lifetime * warmUpFraction))
        let start = first.time + warmUp
        let analysed = life.filter { $0.time >= start }
        let span = (analysed.last?.time ?? start) - start
        guard span >= minimumSpan else {
            return insufficient("need \(duration(minimumSpan)) of data after \(duration(warmUp)) of warm-up; have \(duration(max(0, span)))",
                                segments: segments.count)
        }
        let (floor, window) = floorSeries(analysed, from: start, span: span)
        guard floor.count >= minimumPoints, let test = Statistics.trend(floor.map(\.value)) else {
            return insufficient("need at least \(minimumPoints) windows of samples after warm-up; have \(floor.count)", segments: segments.count)
        }
        let perHour = 3600 / window
        let level = floor.map(\.value).reduce(0, +) / Double(floor.count)
        let slope = test.slope * perHour
        let percent = level != 0 ? slope / abs(level) * 100 : 0
        let hoursToLimit: Double? = limit.flatMap { limit in
            guard slope > 0, let current = floor.last?.value else { return nil }
            return max(0, (limit - current) / slope)
        }
        func result(_ verdict: Verdict, _ explanation: String) -> TrendResult {
            TrendResult(verdict: verdict, slopePerHour: slope, percentPerHour: percent, slopeLowPerHour: test.slopeLow * perHour,
                        slopeHighPerHour: test.slopeHigh * perHour, confidence: test.confidence, since: start,
                        hoursToLimit: hoursToLimit, segments: segments.count, explanation: explanation, floor: floor,
                        fitted: [Sample(time: floor.first!.time, value: test.intercept),
                                 Sample(time: floor.last!.time, value: test.intercept + test.slope * Double(floor.count - 1))])
        }
        guard test.confidence >= requiredConfidence, slope > 0 else {
            return result(.stable, "no significant growth (confidence \(percentText(test.confidence)))")
        }
        guard percent >= minimumPercentPerHour else {
            return result(.stable, "growth of \(fixed(percent, 3)) %/hour is below \(minimumPercentPerHour) %/hour")
        }
        // a step: one jump, flat on both sides, fits far better than a steady line
        let values = floor.map(\.value)
        if let jump = TrendDetector.stepFit(values, lineSlope: test.slope), jump.stepError < stepRatio * jump.lineError {
            return result(.stable, "one step of \(fixed(jump.height, 0)), not a steady climb")
        }
        // a plateau: the second half grows much more slowly than the first
        let half = floor.count / 2
        if let early = Statistics.trend(floor[..<half].map(\.value)), let late = Statistics.trend(floor[half...].map(\.value)),
           early.slope > 0, late.slope < plateauRatio * early.slope {
            return result(.plateau, "growth is slowing down: \(fixed(late.slope * perHour, 3))/hour lately against \(fixed(early.slope * perHour, 3))/hour before")
        }
        return result(.leaking, "steady growth of \(fixed(percent, 2)) %/hour for \(duration(span)) (confidence \(percentText(test.confidence)))")
    }

    /// Squared errors of the best line through the floor and of the best single step
    /// (two flat levels), with the step's height.
    static func stepFit(_ values: [Double], lineSlope: Double) -> (lineError: Double, stepError: Double, height: Double)? {
        let n = values.count
        guard n >= 6 else { return nil }
        let intercept = Statistics.median(values.enumerated().map { $0.element - lineSlope * Double($0.offset) })
        let lineError = values.enumerated().reduce(0.0) { sum, item in
            let residual = item.element - (intercept + lineSlope * Double(item.offset))
            return sum + residual * residual
        }
        var prefix = [0.0], prefixSquares = [0.0]
        for value in values {
            prefix.append(prefix.last! + value)
            prefixSquares.append(prefixSquares.last! + value * value)
        }
        func error(_ from: Int, _ to: Int) -> Double {
            let count = Double(to - from)
            let sum = prefix[to] - prefix[from]
            return (prefixSquares[to] - prefixSquares[from]) - sum * sum / count
        }
        var best = (error: Double.infinity, height: 0.0)
        for split in 2...(n - 2) {
            let total = error(0, split) + error(split, n)
            if total < best.error {
                let height = (prefix[n] - prefix[split]) / Double(n - split) - prefix[split] / Double(split)
                best = (total, height)
            }
        }
        return (lineError, best.error, best.height)
    }

    /// The per-window minima of the analysed stretch, and the window length in seconds.
    func floorSeries(_ samples: [Sample], from start: Double, span: Double) -> ([Sample], Double) {
        let intervals = zip(samples, samples.dropFirst()).map { $1.time - $0.time }.filter { $0 > 0 }
        let typical = intervals.isEmpty ? span : Statistics.median(intervals)
        let window = max(typical * 3, span / Double(targetWindows), minimumWindow)
        var minima: [Int: Sample] = [:]
        for sample in samples {
            let slot = Int((sample.time - start) / window)
            if let known = minima[slot], known.value <= sample.value { continue }
            minima[slot] = Sample(time: start + (Double(slot) + 0.5) * window, value: sample.value)
        }
        return (minima.keys.sorted().map { minima[$0]! }, window)
    }

    private func insufficient(_ why: String, segments: Int) -> TrendResult {
        TrendResult(verdict: .insufficientData, slopePerHour: 0, percentPerHour: 0, slopeLowPerHour: 0, slopeHighPerHour: 0,
                    confidence: 0, since: nil, hoursToLimit: nil, segments: segments, explanation: why, floor: [], fitted: [])
    }

    private func duration(_ seconds: Double) -> String {
        if seconds >= 5400 { return fixed(seconds / 3600, 1) + " hours" }
        return seconds >= 120 ? "\(Int(seconds / 60)) minutes" : Int(seconds.rounded()) == 1 ? "1 second" : "\(Int(seconds.rounded())) seconds"
    }

    private func percentText(_ confidence: Double) -> String {
        fixed(confidence * 100, 2) + " %"
    }
}

/// `value` with `digits` decimals (no Foundation here).
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    var fraction = String(Int(rounded.truncatingRemainder(dividingBy: scale)))
    while fraction.count < digits { fraction = "0" + fraction }
    return (value < 0 && rounded > 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + fraction : "")
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
