/// What the detector says about a series.
public enum Verdict: String, Sendable, CaseIterable {
    /// A steady climb that does not slow down.
    case leaking
    /// No significant growth.
    case stable
    /// It grew, but the growth is dying out (a cache filling up, a pool reaching its size).
    case plateau
    /// Not enough data after warm-up to say, or growth not yet confirmed (the explanation says which).
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

/// Tells a steady leak from warm-up, caches that fill, GC sawtooth and noise.
///
/// 1. Split at restarts and analyse the last process lifetime (`Segmentation`).
/// 2. Leave out warm-up: the first `warmUpFraction` of the lifetime, between `minimumWarmUp` and
///    `maximumWarmUp` (start-up allocation and caches filling).
/// 3. Remove the GC sawtooth: the minimum of each time window, or each collection cycle's
///    starting level when cycles are slower than the windows (the post-GC floor).
/// 4. Test the floor for a monotonic trend (Mann–Kendall, autocorrelation-corrected; on a
///    first day, five or six collection cycles' levels by a t test of their slope) and
///    measure it (Theil–Sen slope with a confidence interval).
/// 5. Leaking only if significant, large enough to matter, and not slowing down: the last
///    third's slope (half's, under fifteen floor points) must be at least `plateauRatio` of
///    the first's.
/// 6. With a day of history in the lifetime, not a daily cycle: the floor must stand above
///    where it was a day earlier by a good share of what the slope predicts. And the floor
///    minus the day before (the cycle cancels out) is itself tested for a steady climb, so a
///    leak is found while the cycle falls too. (On a watch's first day a cycle's rising half
///    cannot be told from a leak.)
/// 7. In a lifetime's first day, not a cache filling up: a filling curve fitted with a line
///    must leave the line a significant slope (`fillsLikeACache`). When a cache explains the
///    whole stretch, a climb since a recent span's start that no cache explains is a leak
///    beside the cache (`climbBesideACache`).
/// The whole stretch after warm-up is judged, then recent spans, so a late leak is not diluted
/// (on a first day, with collection cycles' levels, also as a climb from the flat levels before
/// the span, `climbFromFlat`); a leak is reported once it has held for the confirmation time.
public struct TrendDetector: Sendable {
    /// Share of a lifetime treated as warm-up…
    public var warmUpFraction = 0.25
    /// …at least this long (seconds): start-up allocation settles over tens of minutes…
    public var minimumWarmUp = 1800.0
    /// …at most this long: a leak should be seen within hours, not after a long warm-up.
    public var maximumWarmUp = 2 * 3600.0
    /// Data needed after warm-up (seconds): shorter stretches cannot tell a trend from a wave.
    public var minimumSpan = 1800.0
    /// Floor points needed for the test: seven in rising order happen by chance once in
    /// 5,040, the fewest that can meet `requiredConfidence`.
    public var minimumPoints = 7
    /// Post-collection levels needed when the floor is one a GC cycle: each is precise (a line
    /// through the cycle's climb), so a t test of their slope can reach `requiredConfidence`
    /// from five when the rise stands far above their scatter.
    public var minimumCycles = 5
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
    /// A leak must have been judged leaking for this long (seconds), checked at
    /// `confirmationChecks` points back in time, before it is reported. Ten minutes let a
    /// step through in the evaluation; fifteen raised no more false alarms than twenty on four
    /// seeds and finds leaks five minutes sooner.
    public var confirmation = 900.0
    public var confirmationChecks = 2
    /// Without its largest jump, a leak's floor still rises with at least this confidence; a
    /// step's is left flat (well below it). Lower than `requiredConfidence`: taking out the
    /// largest rise takes some of a real leak's evidence with it.
    public var jumpConfidence = 0.95
    /// A daily cycle's rising half is a steady climb for hours, as a leak is. Once the
    /// lifetime holds a period of history, a leak must also have lifted the floor above where
    /// it was one period earlier at the same hour; a cycle puts it back where it was. Seconds;
    /// 0 turns the check off.
    public var seasonalPeriod = 86400.0
    /// The floor must stand at least this share of the growth the fitted slope predicts above
    /// the floor one period earlier (a leak stands at all of it, give or take noise; a cycle
    /// at none of it).
    public var seasonalShare = 0.5
    /// Confidence the climb above the same hours one period earlier needs (once there is a
    /// period of history). Higher than `requiredConfidence`: the difference of two floors is
    /// noisier than either (each one's window minima wander with the GC's phase), and at
    /// 0.999 short spans of it rose by chance in 3 of 8 clean daily series; at 0.9999 in none
    /// of 44, on five seeds of the evaluation.
    public var seasonalConfidence = 0.9999
    /// Caches that take up to this long (seconds, the time constant τ) to fill are told from
    /// leaks by their shape (see `fillsLikeACache`): a τ of 4 hours is 63 % full after 4
    /// hours and 95 % after 12. 0 turns the check off.
    public var cacheFillTime = 4 * 3600.0
    /// Before a climb judged from a flat floor (`climbFromFlat`), the floor must not rise
    /// or fall with this confidence (a t test of its slope).
    public var flatConfidence = 0.95
    /// Confidence a climb from a flat floor needs: higher than `requiredConfidence`, for it
    /// is tried from every recent span's start, and a t test of many levels is thrown by a
    /// few that stray. Above 1 turns the check off.
    public var flatClimbConfidence = 0.9999
    /// A limit (bytes, goroutines) to forecast against.
    public var limit: Double?

    public init() {}

    /// The same detector on another time scale, for fast targets and tests: `warmUp` fixes
    /// the warm-up left out (and the longest cache fill time keeps its proportion to it),
    /// `window` the floor window; the data needed after warm-up keeps its proportion to the
    /// window.
    public func timeScaled(warmUp: Double?, window: Double?) -> TrendDetector {
        var scaled = self
        if let warmUp {
            scaled.minimumWarmUp = warmUp
            scaled.maximumWarmUp = warmUp
            scaled.cacheFillTime = cacheFillTime / maximumWarmUp * warmUp
        }
        if let window {
            scaled.minimumSpan = minimumSpan / minimumWindow * window
            scaled.confirmation = confirmation / minimumWindow * window
            scaled.minimumWindow = window
        }
        return scaled
    }

    public func analyze(_ samples: [Sample]) -> TrendResult {
        let sorted = samples.sorted { $0.time < $1.time }
        let result = judge(sorted)
        guard result.verdict == .leaking, confirmation > 0, let last = sorted.last?.time else { return result }
        // confirmed: the verdict was leaking already at each check back over the confirmation
        // time, as an alert rule's `for:` clause asks. One test at 99.9 % run every minute for
        // a day would otherwise fire on a wave sooner or later.
        for step in 1...confirmationChecks {
            let then = last - confirmation * Double(step) / Double(confirmationChecks)
            let earlier = judge(Array(sorted.prefix { $0.time <= then }))
            if earlier.verdict != .leaking {
                // not "stable": it is growing, there is just not yet enough of it to say leaking
                return result.explained("growing \(fixed(result.percentPerHour, 2)) %/hour, but not yet judged leaking for \(duration(confirmation)) in a row (earlier: \(earlier.explanation))",
                                        verdict: .insufficientData)
            }
        }
        return result
    }

    func judge(_ sorted: [Sample]) -> TrendResult {
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
        let periodSeen = seasonalPeriod > 0 && span >= seasonalPeriod
        if periodSeen, minimumCycles < minimumPoints {
            // a climb over a few cycles would have to stand above the same hours a day earlier,
            // and so few levels cannot show it (nor can the difference's: the earlier floor
            // wanders with its GC phase): fewer cycles, or a climb from the flat levels before
            // them, are enough only on a first day
            var strict = self
            strict.minimumCycles = minimumPoints
            strict.flatClimbConfidence = .infinity
            return strict.judge(sorted)
        }
        let history = periodSeen ? floorSeries(analysed, from: start, span: span).0 : []
        let whole = assess(analysed, from: start, span: span, segments: segments.count)
        lazy var wholeIsCycles = floorSeries(analysed, from: start, span: span).cycles
        if let climb = climbAboveEarlierCycle(analysed, history: history, segments: segments.count) { return climb }
        // the recent past is judged only when the whole stretch does not argue against it: a
        // wave rising now after falling earlier, or growth that is dying out, is no leak
        // without a period of history a cycle's climb cannot be ruled out: say so
        let unchecked = seasonalPeriod > 0 && history.isEmpty ? "; not yet checked against a daily cycle (that needs \(duration(seasonalPeriod)) of data after warm-up)" : ""
        // a cache that fills over hours is full, to a part in 400, after six fill times
        let cacheChecked = lifetime <= 6 * cacheFillTime
        // fitted only when a climb is to be judged
        lazy var fill = cacheChecked ? fillsLikeACache(whole.floor, lifetime: lifetime) : nil
        if whole.verdict == .leaking, fill == nil {
            return repeatsEarlierCycle(whole, history: history) ?? whole.explained(whole.explanation + unchecked)
        }
        // (growth slowing down over the whole stretch is a filling cache's, unless what a cache
        // cannot explain is judged: a leak that began beside it, a climb from then on)
        guard whole.verdict != .plateau || cacheChecked, whole.slopePerHour > 0 else { return whole }
        // a leak that began after warm-up is diluted in the whole stretch (flat, then rising):
        // the recent past alone is judged too, on spans that grow by half from twice the minimum
        var recent = minimumSpan * 2
        var explained: TrendResult?
        while recent < span {
            defer { recent *= 1.5 }
            let from = last.time - recent
            var result = assess(analysed.filter { $0.time >= from }, from: from, span: recent, segments: segments.count)
            if result.slopePerHour > 0, result.verdict == .leaking || result.verdict == .plateau, let fill {
                // a cache explains the whole stretch: does it explain a climb that began here
                // too? (this span's growth may slow down with the cache's, a leak beside it or not)
                guard let climb = climbBesideACache(whole.floor, lifetime: lifetime, since: from) else {
                    if result.verdict == .leaking { explained = explained ?? result.explained(fill, verdict: .plateau) }
                    continue
                }
                result = leakBesideACache(climb, since: from, floor: whole.floor, segments: segments.count)
            }
            if result.verdict != .leaking, fill == nil, let climb = climbFromFlat(whole.floor, cycles: wholeIsCycles, since: from, segments: segments.count) {
                result = climb
            }
            guard result.verdict == .leaking else { continue }
            guard let repeated = repeatsEarlierCycle(result, history: history) else { return result.explained(result.explanation + unchecked) }
            explained = explained ?? repeated
        }
        if let explained { return explained }
        return whole.verdict == .leaking ? whole.explained(fill ?? whole.explanation, verdict: .plateau) : whole
    }

    /// A climb since `since` from a flat floor before it: collection cycles' levels, each
    /// precise, fitted with a level that starts rising at `since` (least squares of the floor
    /// on the time since then, zero before). Where collections are many minutes apart a
    /// recent span holds too few of them to judge alone, while the levels before it, flat,
    /// pin down where the climb starts from: a leak is seen from a few cycles after it began.
    /// Only on a first day (with a day of history, the climb must stand above the day
    /// before, which so few cycles cannot show), and not when the floor was rising or
    /// falling already, one step fits as well, or one or two jumps make the rise. Nil when
    /// there is no such climb.
    func climbFromFlat(_ floor: [Sample], cycles: Bool, since: Double, segments: Int) -> TrendResult? {
        guard cycles, flatClimbConfidence <= 1 else { return nil }
        let before = floor.filter { $0.time < since }
        let after = floor.filter { $0.time >= since }
        guard before.count >= 3, after.count >= 4,
              let flat = Statistics.leastSquaresLine(before.map(\.value), at: before.map(\.time)),
              flat.confidence < flatConfidence, flat.confidence > 1 - flatConfidence else { return nil }
        let values = floor.map(\.value)
        let hours = floor.map { max(0, $0.time - since) / 3600 }
        guard let line = Statistics.leastSquaresLine(values, at: hours), line.confidence >= flatClimbConfidence, line.slope > 0 else { return nil }
        let level = values.reduce(0, +) / Double(values.count)
        let percent = level != 0 ? line.slope / abs(level) * 100 : 0
        guard percent >= minimumPercentPerHour else { return nil }
        // a step (a level, then a higher one) fits a level that starts rising at least as
        // well: a climb must fit better than the best single step
        let climbError = zip(values, hours).reduce(0.0) { sum, point in
            let residual = point.0 - line.intercept - line.slope * point.1
            return sum + residual * residual
        }
        if let step = TrendDetector.stepFit(values, lineSlope: 0), step.stepError <= climbError { return nil }
        // nor may one or two jumps make it (a step, seen in the level of the cycle it fell in
        // and the next): a leak rises at every cycle, so without its largest rises it still climbs
        var rest = values
        for _ in 0..<2 {
            guard let (_, lowered) = TrendDetector.withoutLargestJump(rest) else { break }
            if (Statistics.leastSquaresLine(lowered, at: hours)?.confidence ?? 0) < flatClimbConfidence { return nil }
            rest = lowered
        }
        let end = floor.last!
        let risen = (end.time - since) / 3600
        return TrendResult(verdict: .leaking, slopePerHour: line.slope, percentPerHour: percent,
                           slopeLowPerHour: line.slope - 1.96 * line.slopeError, slopeHighPerHour: line.slope + 1.96 * line.slopeError,
                           confidence: line.confidence, since: since, hoursToLimit: hoursToLimit(from: end.value, slopePerHour: line.slope),
                           segments: segments,
                           explanation: "steady growth of \(fixed(percent, 2)) %/hour for \(duration(end.time - since)) from a flat floor before (confidence \(percentText(line.confidence)))",
                           floor: floor, fitted: [Sample(time: since, value: line.intercept), Sample(time: end.time, value: line.intercept + line.slope * risen)])
    }

    /// Why the floor may be a cache still filling rather than a leak, or nil. A cache fills
    /// ever more slowly toward its size: c·(1 − e^(−t/τ)). The floor of the whole stretch is
    /// fitted, for each fill time τ up to `cacheFillTime`, with such a curve plus a line; a
    /// leak is what the line keeps once the curve has taken its share, and it must keep a
    /// significant, large enough slope whatever the fill time. A cache alone leaves the line
    /// flat. A leak that began after warm-up bends the floor the other way (flat, then
    /// rising), which no filling curve explains; one that goes on after a cache has filled
    /// keeps its slope; one that began with the process looks like a slow cache until it has
    /// outgrown one.
    func fillsLikeACache(_ floor: [Sample], lifetime: Double) -> String? {
        // a few GC cycles' levels can show a rise but not its shape
        if cacheFillTime > 0, floor.count < minimumPoints {
            return "\(floor.count) floor points show growth, too few yet to tell it from a cache filling up"
        }
        return cacheFits(floor, lifetime: lifetime, climbingSince: nil).first { !$0.leavesAClimb }
            .map { "growth like a cache filling up: a curve that levels off over \(duration($0.tau)) explains the floor and leaves no significant steady climb" }
    }

    /// The climb since `since` that no filling cache explains, once the whole floor has been
    /// found to fill like one: the line of `fillsLikeACache` starts at `since` (flat before:
    /// a leak that began beside a cache still filling bends the floor up from there), and
    /// must stay significant and large enough whatever the fill time. The fit of the fill
    /// time that fits best (its slope per hour), or nil when some fill time explains it.
    func climbBesideACache(_ floor: [Sample], lifetime: Double, since: Double) -> Statistics.LineWithCurve? {
        let fits = cacheFits(floor, lifetime: lifetime, climbingSince: since)
        guard fits.allSatisfy(\.leavesAClimb), let best = fits.min(by: { $0.fit.squaredError < $1.fit.squaredError }) else { return nil }
        return best.fit
    }

    /// The verdict on a climb since `since` that no filling cache explains (`climbBesideACache`).
    func leakBesideACache(_ climb: Statistics.LineWithCurve, since: Double, floor: [Sample], segments: Int) -> TrendResult {
        let level = floor.map(\.value).reduce(0, +) / Double(floor.count)
        let percent = level != 0 ? climb.slope / abs(level) * 100 : 0
        let confidence = climb.confidence
        let start = TrendDetector.value(in: floor, at: since) ?? floor[0].value
        let end = floor.last!
        return TrendResult(verdict: .leaking, slopePerHour: climb.slope, percentPerHour: percent,
                           slopeLowPerHour: climb.slope - 1.96 * climb.slopeError, slopeHighPerHour: climb.slope + 1.96 * climb.slopeError,
                           confidence: confidence, since: since, hoursToLimit: hoursToLimit(from: end.value, slopePerHour: climb.slope),
                           segments: segments,
                           explanation: "steady growth of \(fixed(percent, 2)) %/hour for \(duration(end.time - since)) beside a cache filling up (confidence \(percentText(confidence)))",
                           floor: floor, fitted: [Sample(time: since, value: start), Sample(time: end.time, value: start + climb.slope * (end.time - since) / 3600)])
    }

    /// The floor fitted with a filling curve and a line (from `climbingSince` on, flat before;
    /// else over the whole floor) for each fill time τ up to `cacheFillTime`, in steps of √2
    /// down to a sixteenth of it; only the fits that fill (a positive curve).
    private func cacheFits(_ floor: [Sample], lifetime: Double, climbingSince: Double?)
        -> [(tau: Double, fit: Statistics.LineWithCurve, leavesAClimb: Bool)] {
        guard cacheFillTime > 0, floor.count >= minimumPoints, let first = floor.first?.time else { return [] }
        let hours = floor.map { ($0.time - first) / 3600 }
        let start = max(first, climbingSince ?? first)
        let climb = floor.map { max(0, $0.time - start) / 3600 }
        let values = floor.map(\.value)
        let level = values.reduce(0, +) / Double(values.count)
        var fits: [(tau: Double, fit: Statistics.LineWithCurve, leavesAClimb: Bool)] = []
        // a cache still filling after longer than the process has lived grows, for all that
        // can be seen, as steadily as a leak: fill times are tried up to the lifetime
        var tau = min(cacheFillTime, lifetime)
        while tau >= cacheFillTime / 16 {
            let filling = hours.map { 1 - exp(-$0 * 3600 / tau) }
            if let fit = Statistics.lineWithCurve(values, on: climb, curve: filling), fit.curve > 0 {
                let percent = level != 0 ? fit.slope / abs(level) * 100 : 0
                let leaves = fit.confidence >= requiredConfidence && percent >= minimumPercentPerHour
                fits.append((tau, fit, leaves))
            }
            tau /= 2.squareRoot()
        }
        return fits
    }

    /// `result` turned stable when its climb repeats the one a period earlier: over the
    /// stretch it judged, the floor stands less than `seasonalShare` of the growth its slope
    /// predicts above the floor one period before at the same times. Both ends come from
    /// `history`, the lifetime's floor (windows of one size). Nil when the climb does not
    /// repeat; insufficient-data when too little of the stretch has a period of history behind it.
    func repeatsEarlierCycle(_ result: TrendResult, history: [Sample]) -> TrendResult? {
        guard let since = result.since, let first = history.first?.time else { return nil }
        let slope = result.slopePerHour / 3600
        var rise = 0.0, predicted = 0.0, compared = 0
        for point in history where point.time >= since && point.time - seasonalPeriod >= first {
            guard let before = TrendDetector.value(in: history, at: point.time - seasonalPeriod) else { continue }
            rise += point.value - before
            predicted += slope * min(seasonalPeriod, point.time - since)
            compared += 1
        }
        // three windows: enough to tell a climb of a day (a leak's) from none (a cycle's).
        // Fewer: the climb's hours a period earlier were still warm-up. A day of history is
        // there, and within the hour the climb can be compared with it: wait for that
        guard compared >= 3 else {
            return result.explained("growing \(fixed(result.percentPerHour, 2)) %/hour, but not yet comparable with the same hours \(duration(seasonalPeriod)) earlier (they were warm-up), so a daily cycle is not yet ruled out",
                                    verdict: .insufficientData)
        }
        guard predicted > 0, rise < seasonalShare * predicted else { return nil }
        return result.explained("a cycle: the floor rises \(fixed(result.percentPerHour, 2)) %/hour, but stands \(fixed(rise / Double(compared), 0)) above where it was \(duration(seasonalPeriod)) earlier, where a leak would have lifted it \(fixed(predicted / Double(compared), 0))",
                                verdict: .stable)
    }

    /// With a period of history: the series minus the floor one period earlier at the same
    /// times, judged on recent spans. A daily cycle cancels out and a leak is left as a steady
    /// climb from its start, found whether the cycle is rising or falling now (on the raw
    /// floor a falling half hides a leak for hours). Nil when there is no such climb.
    func climbAboveEarlierCycle(_ analysed: [Sample], history: [Sample], segments: Int) -> TrendResult? {
        guard !history.isEmpty else { return nil }
        let earlier = { (time: Double) in TrendDetector.value(in: history, at: time - self.seasonalPeriod) }
        let differenced = analysed.compactMap { sample in earlier(sample.time).map { Sample(time: sample.time, value: sample.value - $0) } }
        guard let first = differenced.first?.time, let last = differenced.last?.time else { return nil }
        // percentages of the floor's level (its later half), not of the difference's
        let level = history.suffix(history.count / 2).map(\.value).reduce(0, +) / Double(max(1, history.count / 2))
        var strict = self
        strict.requiredConfidence = seasonalConfidence
        var recent = minimumSpan * 2
        while recent <= last - first {
            let from = last - recent
            let result = strict.assess(differenced.filter { $0.time >= from }, from: from, span: recent, segments: segments, level: level)
            if result.verdict == .leaking {
                // shown as the floor it is: the earlier period added back
                let restore = { (points: [Sample]) in points.map { Sample(time: $0.time, value: $0.value + (earlier($0.time) ?? 0)) } }
                let floor = restore(result.floor)
                let hoursToLimit = hoursToLimit(from: floor.last?.value, slopePerHour: result.slopePerHour)
                return TrendResult(verdict: .leaking, slopePerHour: result.slopePerHour, percentPerHour: result.percentPerHour,
                                   slopeLowPerHour: result.slopeLowPerHour, slopeHighPerHour: result.slopeHighPerHour,
                                   confidence: result.confidence, since: result.since, hoursToLimit: hoursToLimit,
                                   segments: segments, explanation: "steady growth of \(fixed(result.percentPerHour, 2)) %/hour above the same hours \(duration(seasonalPeriod)) earlier, for \(duration(recent)) (confidence \(percentText(result.confidence)))",
                                   floor: floor, fitted: restore(result.fitted))
            }
            recent *= 1.5
        }
        return nil
    }

    /// Hours until the floor, now at `current`, reaches `limit` at this rate (nil without a
    /// limit or a rise).
    func hoursToLimit(from current: Double?, slopePerHour: Double) -> Double? {
        guard let limit, slopePerHour > 0, let current else { return nil }
        return max(0, (limit - current) / slopePerHour)
    }

    /// The series' value at `time`, interpolated between its neighbours (nil outside it).
    static func value(in series: [Sample], at time: Double) -> Double? {
        guard let first = series.first, let last = series.last, time >= first.time, time <= last.time else { return nil }
        var low = 0, high = series.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if series[middle].time <= time { low = middle } else { high = middle }
        }
        let (a, b) = (series[low], series[high])
        guard b.time > a.time else { return a.value }
        return a.value + (b.value - a.value) * (time - a.time) / (b.time - a.time)
    }

    /// The verdict on one stretch after warm-up.
    /// `level`: what percentages are of, when not the floor's own mean (a difference's).
    func assess(_ analysed: [Sample], from start: Double, span: Double, segments: Int, level given: Double? = nil) -> TrendResult {
        let segments = (count: segments, ())
        let (floor, window, cycles) = floorSeries(analysed, from: start, span: span)
        let positions = floor.map { ($0.time - floor[0].time) / window }
        let needed = cycles ? minimumCycles : minimumPoints
        guard floor.count >= needed, var test = Statistics.trend(floor.map(\.value), at: positions) else {
            return insufficient("need at least \(needed) floor points (\(cycles ? "GC cycles" : "windows")) after warm-up; have \(floor.count)",
                                segments: segments.count)
        }
        // ranks cannot reach the confidence from fewer than `minimumPoints`: there, and only
        // there, the t test of precise cycle levels decides
        if cycles, floor.count < minimumPoints, let line = Statistics.slopeConfidence(floor.map(\.value), at: positions), line > test.confidence {
            test = test.withConfidence(line)
        }
        let perHour = 3600 / window
        let level = given ?? floor.map(\.value).reduce(0, +) / Double(floor.count)
        let slope = test.slope * perHour
        let percent = level != 0 ? slope / abs(level) * 100 : 0
        let hoursToLimit = hoursToLimit(from: floor.last?.value, slopePerHour: slope)
        func result(_ verdict: Verdict, _ explanation: String) -> TrendResult {
            TrendResult(verdict: verdict, slopePerHour: slope, percentPerHour: percent, slopeLowPerHour: test.slopeLow * perHour,
                        slopeHighPerHour: test.slopeHigh * perHour, confidence: test.confidence, since: start,
                        hoursToLimit: hoursToLimit, segments: segments.count, explanation: explanation, floor: floor,
                        fitted: [Sample(time: floor.first!.time, value: test.intercept),
                                 Sample(time: floor.last!.time, value: test.intercept + test.slope * positions.last!)])
        }
        guard test.confidence >= requiredConfidence, slope > 0 else {
            return result(.stable, "no significant growth (confidence \(percentText(test.confidence)))")
        }
        guard percent >= minimumPercentPerHour else {
            return result(.stable, "growth of \(fixed(percent, 3)) %/hour is below \(minimumPercentPerHour) %/hour")
        }
        // a step: one jump, flat on both sides, fits far better than a steady line; or the
        // growth is gone once the largest single jump is taken out (a step anywhere, even at
        // the very end where a two-level fit has too few points to see it)
        let values = floor.map(\.value)
        if let jump = TrendDetector.stepFit(values, lineSlope: test.slope), jump.stepError < stepRatio * jump.lineError {
            return result(.stable, "one step of \(fixed(jump.height, 0)), not a steady climb")
        }
        if let (height, rest) = TrendDetector.withoutLargestJump(values), let retest = Statistics.trend(rest, at: positions),
           retest.confidence < jumpConfidence || retest.slope * perHour / abs(level) * 100 < minimumPercentPerHour {
            return result(.stable, "one jump of \(fixed(height, 0)) makes the growth; without it there is none")
        }
        // a plateau: the last third grows much more slowly than the first (a cache filling,
        // warm-up running long); thirds rather than halves, to see the slowing sooner. Under
        // fifteen points (a few cycles' levels) thirds are too short: halves, which share
        // the middle point when odd
        let n = floor.count
        let part = n / 3 >= 5 ? n / 3 : (n + 1) / 2
        if part >= 3, let early = Statistics.senSlope(Array(values[..<part]), at: Array(positions[..<part])),
           let late = Statistics.senSlope(Array(values[(n - part)...]), at: Array(positions[(n - part)...])),
           early > 0, late < plateauRatio * early {
            return result(.plateau, "growth is slowing down: \(fixed(late * perHour, 3))/hour lately against \(fixed(early * perHour, 3))/hour before")
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

    /// A rise between neighbouring floor points this many times their typical change is a
    /// jump that may make all the growth: a step, not a climb.
    static let jumpFactor = 4.0

    /// The floor with its largest rise between neighbours taken out (every later value
    /// lowered by it), and that rise; nil when no rise stands out (`jumpFactor`).
    static func withoutLargestJump(_ values: [Double]) -> (Double, [Double])? {
        guard values.count >= 4 else { return nil }
        var largest = (index: 1, height: values[1] - values[0])
        for index in 2..<values.count where values[index] - values[index - 1] > largest.height {
            largest = (index, values[index] - values[index - 1])
        }
        // a jump is a step only when it stands out of the floor's noise (the typical change
        // between neighbours); the largest of a noisy climb's rises does not
        let typical = Statistics.median(zip(values, values.dropFirst()).map { abs($1 - $0) })
        guard largest.height > 0, largest.height >= jumpFactor * typical else { return nil }
        return (largest.height, values.enumerated().map { $0.offset >= largest.index ? $0.element - largest.height : $0.element })
    }

    /// The typical time between garbage collections seen in the samples: the median gap
    /// between sharp drops (falls larger than `dropFactor` times the median step). A window
    /// must hold a collection or its minimum is not a floor; Go collects at least every two
    /// minutes, but a heap read between collections, or another runtime, can cycle slower.
    /// 0 when the series has no sawtooth.
    /// Also the indices of the samples just after each drop.
    static func collections(_ samples: [Sample]) -> (period: Double, drops: [Int]) {
        guard samples.count >= 8 else { return (0, []) }
        let steps = zip(samples, samples.dropFirst()).map { $1.value - $0.value }
        let typical = Statistics.median(steps.map(abs))
        guard typical > 0 else { return (0, []) }
        var drops: [Int] = []
        for (index, step) in steps.enumerated() where step < -dropFactor * typical {
            // a collection seen over two readings is one drop
            if let last = drops.last, last == index { drops[drops.count - 1] = index + 1 } else { drops.append(index + 1) }
        }
        guard drops.count >= 3 else { return (0, []) }
        return (Statistics.median(zip(drops, drops.dropFirst()).map { samples[$1].time - samples[$0].time }), drops)
    }

    /// The level one collection cycle starts from. Between collections the heap climbs at the
    /// allocation rate, so every reading of the cycle says where it started: a line through
    /// them, read at the cycle's first reading, is several times less noisy than that one
    /// reading alone (the cycle's minimum). A cycle too short for a line, or one that does
    /// not climb steadily (noise, or a collection not seen as one), gives its minimum.
    static func postCollectionLevel(_ cycle: ArraySlice<Sample>) -> Sample {
        let lowest = cycle.min { $0.value < $1.value }!
        guard cycle.count >= 4, let first = cycle.first else { return lowest }
        let n = Double(cycle.count)
        let meanTime = cycle.reduce(0) { $0 + $1.time } / n
        let meanValue = cycle.reduce(0) { $0 + $1.value } / n
        var covariance = 0.0, variance = 0.0
        for sample in cycle {
            covariance += (sample.time - meanTime) * (sample.value - meanValue)
            variance += (sample.time - meanTime) * (sample.time - meanTime)
        }
        guard variance > 0, covariance > 0 else { return lowest }
        let slope = covariance / variance
        // a climb the line follows closely (most of the spread explained); a collection the
        // drops missed makes a sawtooth inside the cycle, and its line is no floor
        let spread = cycle.reduce(0) { $0 + ($1.value - meanValue) * ($1.value - meanValue) }
        guard slope * covariance >= 0.9 * spread else { return lowest }
        return Sample(time: first.time, value: meanValue - slope * (meanTime - first.time))
    }

    /// A fall this many times the median step is a collection, not noise.
    static let dropFactor = 4.0

    /// The per-window minima of the analysed stretch, the window length in seconds, and
    /// whether the points are collection cycles' levels instead (see below).
    ///
    /// When the samples show a sawtooth slower than the windows (collections minutes apart,
    /// a resident set the scavenger returns slowly), the floor is instead each collection
    /// cycle's minimum — one point a cycle, as near to white noise as a floor gets — and the
    /// step is the typical cycle.
    func floorSeries(_ samples: [Sample], from start: Double, span: Double) -> (floor: [Sample], step: Double, cycles: Bool) {
        let intervals = zip(samples, samples.dropFirst()).map { $1.time - $0.time }.filter { $0 > 0 }
        let typical = intervals.isEmpty ? span : Statistics.median(intervals)
        let window = max(typical * 3, span / Double(targetWindows), minimumWindow)
        let (cycle, drops) = TrendDetector.collections(samples)
        if cycle * 2 > window {
            var floor: [Sample] = []
            var from = 0
            for end in drops + [samples.count] where end > from {
                floor.append(TrendDetector.postCollectionLevel(samples[from..<end]))
                from = end
            }
            // the first cycle is cut by the stretch's start: its level is no floor. The last one
            // began with a collection and is the freshest news, but its level is as rough as it
            // is short (from one or two readings, a collection may still be under way): kept
            // once it has run half a typical cycle
            let running = (samples.last?.time ?? 0) - samples[drops.last ?? 0].time
            return (floor.count > 2 ? Array(floor.dropFirst().dropLast(running >= cycle / 2 ? 0 : 1)) : floor, cycle, true)
        }
        var minima: [Int: Sample] = [:]
        for sample in samples {
            let slot = Int((sample.time - start) / window)
            if let known = minima[slot], known.value <= sample.value { continue }
            minima[slot] = Sample(time: start + (Double(slot) + 0.5) * window, value: sample.value)
        }
        // the last window is cut short by the end of the samples: it may hold no collection,
        // and its minimum would be a reading high on the sawtooth, not a floor
        var slots = minima.keys.sorted()
        if let lastSlot = slots.last, let lastTime = samples.last?.time,
           start + Double(lastSlot + 1) * window > lastTime + typical, slots.count > 1 {
            slots.removeLast()
        }
        return (slots.map { minima[$0]! }, window, false)
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
