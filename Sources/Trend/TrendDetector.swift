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
///    where it was a day earlier by a good share of what the slope predicts, and rise above
///    it unless it stands a tenth of a day's growth at the slope above it (as a leak hours
///    old does; one over a day old no longer rises above it). And the floor minus the day
///    before (the cycle cancels out) is itself tested for a steady climb, so a leak is found
///    while the cycle falls too; a steep one at a lower bar, with that day read through a
///    line fitted over the hours around. (On a watch's first day a cycle's rising half
///    cannot be told from a leak.)
/// 7. In a lifetime's first day, not a cache filling up: a filling curve fitted with a line
///    must leave the line a significant slope (`fillsLikeACache`); a climb a cache explains, or
///    one that slows by thirds, is a plateau only once the floor is seen to bend
///    (`seenToSlowDown`): a leak from the start climbs as a slow cache does, and until then it
///    is too soon to say. When a cache explains the
///    whole stretch, a climb since a recent span's start that no cache explains is a leak
///    beside the cache (`climbBesideACache`). Unless, every lifetime running the same build
///    (`sameBuild`), the lifetime before, judged leaking after it outlived any cache, shows
///    what this climb becomes: it keeps pace with that one's at the same ages
///    (`repeatsEarlierLifetime`). Otherwise a climb in a process younger than the longest fill
///    time must rise above the lifetime before at the same ages, less that one's leak, where
///    that one outlived the longest fill time: not the same cache filling again
///    (`followsEarlierLifetime`).
/// The whole stretch after warm-up is judged, then recent spans, so a late leak is not diluted
/// (on a first day, with collection cycles' levels, also as a climb from the flat levels before
/// the span, `climbFromFlat`); without a day of history, a span's climb must lift the floor
/// above its highest over as long before the span (`belowEarlierHigh`: not a climb back from a
/// dip). A leak is reported once it has held for the confirmation time (twice that for a climb
/// since warm-up in a process younger than the longest cache fill time).
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
    /// below this share of the line's: a jump (a reload, a bigger batch), not a climb. (The
    /// level of the collection cycle it falls within may lie between, left out of both.)
    public var stepRatio = 0.5
    /// A leak must have been judged leaking for this long (seconds), checked at
    /// `confirmationChecks` points back in time, before it is reported. Ten minutes let a
    /// step through in the evaluation; fifteen raised no more false alarms than twenty on four
    /// seeds and finds leaks five minutes sooner.
    public var confirmation = 900.0
    public var confirmationChecks = 2
    /// In a process younger than `cacheFillTime`, a climb running since warm-up is held this
    /// many times as long: a cache whose fill time is longer than the process has lived climbs,
    /// for all its first hours show, as steadily as a leak, and a run of noise makes the floor
    /// look straight now and then; the next collections show it bending. Doubled, 6 of the 9
    /// caches that alarmed in 240 clean ones of the evaluation no longer did (half as long
    /// again, 3); 82 of 762 leaks were found later, 77 of them by 20 minutes or less, and a
    /// leak from the process's start found before 4 hours waits for its hold too. 1 turns the
    /// hold off.
    public var youngConfirmation = 2.0
    /// In a process younger than `cacheFillTime`, a climb must rise above the lifetime before
    /// at the same ages (that one's leak, when judged leaking, taken out) with this
    /// confidence, when that one outlived the longest fill time: the same cache fills the same
    /// way in each lifetime, a leak the lifetime before did not have climbs on top of it
    /// (`followsEarlierLifetime`). A second test on a climb already significant, as
    /// `seasonalRiseConfidence` is. 0 turns the check off.
    public var earlierRiseConfidence = 0.95
    /// Whether every lifetime in the series runs the same build (restarts are crashes or
    /// out-of-memory kills, not deploys): then a young lifetime's climb that keeps pace with
    /// the lifetime before at the same ages, where that one outlived the longest cache fill
    /// time and was judged leaking, is the same leak, not a cache (`repeatsEarlierLifetime`).
    /// Off unless the user says so: a release that fixes a leak and fills a bigger cache keeps
    /// pace too (evaluate-trend's `grown` shape, a cache half as big again after the restart:
    /// 25 to 31 of 60 such series alarmed on seeds 11 to 13, against 0 to 2 without the check).
    public var sameBuild = false
    /// …and its floor must not fall behind that one's, at the 95 % interval's low end, by this
    /// share of that one's leak (a fixed leak with the same cache falls behind by all of it;
    /// the same leak by none, give or take its interval).
    public var keepPaceShare = 0.5
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
    /// A climb on the floor that stands above the floor one period earlier, but by less than
    /// `seasonalRiseBelow` of a period's growth at its slope, must also rise above it (the
    /// difference's trend) with this confidence: a reload or a run of noise stands a cycle's
    /// climb above the day before, but seldom rising too. 0 turns the check off.
    public var seasonalRiseConfidence = 0.95
    /// A leak older than a period stands a whole period's growth above the floor a period
    /// earlier, and no longer rises above it: from this share of that growth up, no rise is
    /// asked for. The slope is the floor's, a cycle's climb included, so a leak riding a
    /// steep climb stands well under all of it (a 0.5 %/hour leak on a 2 %/hour climb, a
    /// fifth); a run of noise stood cycles' climbs about 2 % of it above the day before in
    /// the evaluation (1.8 and 2.5 %).
    public var seasonalRiseBelow = 0.1
    /// Confidence the climb above the same hours one period earlier needs (once there is a
    /// period of history). Higher than `requiredConfidence`: the difference of two floors is
    /// noisier than either (each one's window minima wander with the GC's phase), and at
    /// 0.999 short spans of it rose by chance in 3 of 8 clean daily series; at 0.9999 in none
    /// of 44, on five seeds of the evaluation.
    public var seasonalConfidence = 0.9999
    /// A climb above the day before of at least `steepSeasonalPercentPerHour` needs only this
    /// confidence, judged with that day read through a line (`dayBeforeSmoothing`). Runs of
    /// noise in the difference climb shallowly: at 0.999, four of the five clean daily series
    /// that alarmed climbed 0.23 to 0.42 %/hour, the fifth 1.22 at 99.92 %. On ten seeds of
    /// the evaluation's daily series with a day of history, 80 of 120 leaks of 2 %/hour were
    /// found within 2 hours (57 held to `seasonalConfidence` on the nearest floor points), 116
    /// of 120 of 1 %/hour within 4 (110), and 2 of 600 clean series alarmed, the same two.
    /// One of the 480 leak series alarmed 2.8 hours before its leak began (1.25 %/hour at
    /// 99.98 %). Equal to `seasonalConfidence` turns it off.
    public var steepSeasonalConfidence = 0.9995
    /// The least climb above the day before (% of the level an hour) that
    /// `steepSeasonalConfidence` judges.
    public var steepSeasonalPercentPerHour = 1.0
    /// The day before is read from the floor at its finest: a recent span's windows, or each
    /// collection cycle's level. A whole day's windows are tens of minutes wide, and a window's
    /// minimum, read at its middle, lies up to half a window from there: on a cycle's falling
    /// half, as far below it as the cycle falls in that time, which changes with the cycle's
    /// slope, so the difference from the day before drifts. False reads it from the whole
    /// stretch's windows.
    public var historyAtFinest = true
    /// For a steep climb above the day before, that day is read through a line fitted to its
    /// floor this long either side (seconds), not from its nearest floor points: a daily cycle
    /// is all but straight over two hours, and the line brings a fraction of that day's noise
    /// into the difference, so a leak stands out of it sooner. With the nearest points, the
    /// lower bar found 76 of the 120 leaks of 2 %/hour within 2 hours and 112 of 1 %/hour
    /// within 4, and 3 of 600 clean series alarmed. Shallow climbs keep the nearest points:
    /// the lines' slow errors, shared by neighbouring hours, climb a few tenths of a percent
    /// an hour for hours; read through them at `seasonalConfidence`, 6 of the 600 alarmed so,
    /// though 0.5 %/hour leaks were found half an hour sooner at the median. 0 turns it off.
    public var dayBeforeSmoothing = 3600.0
    /// A climb is a plateau (growth dying out) only once the floor is seen to slow down: a
    /// parabola through it bends down with this confidence. Until then a cache filling up
    /// and a leak that began with the process are told apart by neither, and the verdict says
    /// it is too soon (the defer leak of examples/agent's two-hour recording is such a climb).
    public var bendConfidence = 0.95
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
    /// A climb judged on a recent span must have lifted the floor above the highest it stood
    /// before the span: the mean of this share of the span's floor points, its last (two at
    /// least), must stand above every floor point over as long before it. A leak lifts the
    /// floor to where it was not; a run of noise that starts in a dip only brings it back (the
    /// spans start anywhere, so one of them, tested every minute for a day, starts in a dip:
    /// three of 600 clean series in the evaluation alarmed so). 0 turns the check off.
    public var newHighTail = 0.25
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
        guard result.verdict == .leaking, confirmation > 0, let last = sorted.last?.time else { return showingFlatness(result) }
        // a young process's climb may be the cache the lifetime before filled
        let segments = Segmentation.segments(sorted)
        if let follows = followsEarlierLifetime(result, segments: segments) { return follows }
        let young = climbsLikeAYoungCache(result, segments) && !result.repeatsEarlierLifetime
        // confirmed: the verdict was leaking already at each check back over the confirmation
        // time, as an alert rule's `for:` clause asks. One test at 99.9 % run every minute for
        // a day would otherwise fire on a wave sooner or later.
        let held = young ? confirmation * youngConfirmation : confirmation
        for step in 1...confirmationChecks {
            let then = last - held * Double(step) / Double(confirmationChecks)
            let earlier = judge(Array(sorted.prefix { $0.time <= then }))
            if earlier.verdict != .leaking {
                // not "stable": it is growing, there is just not yet enough of it to say leaking
                return result.explained("growing \(fixed(result.percentPerHour, 2)) %/hour, but not yet judged leaking for \(duration(held)) in a row (earlier: \(earlier.explanation))",
                                        verdict: .insufficientData)
            }
        }
        return result
    }

    /// How long a lifetime must run before it can be judged at all (seconds): the shortest
    /// whose stretch after warm-up is `minimumSpan` long (warm-up grows with the lifetime).
    func readingsForAVerdict() -> Double {
        // warm-up at its least, at its most, or the fraction in between: the shortest that fits
        let candidates = [minimumWarmUp + minimumSpan, minimumSpan / (1 - warmUpFraction), maximumWarmUp + minimumSpan]
        return candidates.filter { $0 - warmUp(lifetime: $0) >= minimumSpan - 1e-6 }.min() ?? maximumWarmUp + minimumSpan
    }

    /// Warm-up left out of a lifetime this long (seconds).
    func warmUp(lifetime: Double) -> Double {
        min(maximumWarmUp, max(minimumWarmUp, lifetime * warmUpFraction))
    }

    /// Whether a leaking verdict is a climb since warm-up in a process younger than the
    /// longest cache fill time: one a cache filling slower than the process has lived could
    /// make (`youngConfirmation`).
    func climbsLikeAYoungCache(_ result: TrendResult, _ segments: [[Sample]]) -> Bool {
        guard cacheFillTime > 0, let life = segments.last,
              let first = life.first?.time, let last = life.last?.time, let since = result.since else { return false }
        let lifetime = last - first
        return lifetime < cacheFillTime && since <= first + warmUp(lifetime: lifetime)
    }

    func judge(_ sorted: [Sample]) -> TrendResult {
        let segments = Segmentation.segments(sorted)
        guard let life = segments.last, let first = life.first, let last = life.last else {
            return insufficient("no samples", segments: 0)
        }
        let lifetime = last.time - first.time
        let warmUp = warmUp(lifetime: lifetime)
        let start = first.time + warmUp
        let analysed = life.filter { $0.time >= start }
        let span = (analysed.last?.time ?? start) - start
        guard span >= minimumSpan else {
            let wait = max(0, readingsForAVerdict() - lifetime)
            return insufficient("need \(duration(minimumSpan)) of data after \(duration(warmUp)) of warm-up; have \(duration(max(0, span))): a first verdict in about \(duration(wait))",
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
        // the floor at its finest (the windows of a recent span's, or each collection cycle's
        // level; see `historyAtFinest`)
        let history = periodSeen ? floorSeries(analysed, from: start, span: historyAtFinest ? min(span, minimumSpan * 2) : span).0 : []
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
        // (asked first: without the user's word nothing more is fitted or judged)
        if sameBuild, whole.verdict == .plateau || (whole.verdict == .leaking && (fill != nil || lifetime < cacheFillTime)),
           let repeated = repeatsEarlierLifetime(whole, segments: segments, warmUp: warmUp) {
            return repeated
        }
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
                    if result.verdict == .leaking { explained = explained ?? fill.judged(result) }
                    continue
                }
                result = leakBesideACache(climb, since: from, floor: whole.floor, segments: segments.count)
            }
            if result.verdict != .leaking, fill == nil, let climb = climbFromFlat(whole.floor, cycles: wholeIsCycles, since: from, segments: segments.count) {
                result = climb
            }
            guard result.verdict == .leaking else { continue }
            // (with a day of history, a climb is held against the day before instead)
            if history.isEmpty, let (now, high) = belowEarlierHigh(whole.floor, since: from) {
                explained = explained ?? result.explained("growing \(fixed(result.percentPerHour, 2)) %/hour for \(duration(recent)), but the floor is not yet above the highest it stood before (lately \(fixed(now, 0)) against \(fixed(high, 0))): it may be coming back from a dip",
                                                          verdict: .insufficientData)
                continue
            }
            guard let repeated = repeatsEarlierCycle(result, history: history) else { return result.explained(result.explanation + unchecked) }
            explained = explained ?? repeated
        }
        if let explained { return explained }
        if whole.verdict == .plateau, !seenToSlowDown(whole.floor) {
            // (a straight climb's last third falls short of its first by chance far more often
            // than a parabola through it bends at 95 %: 12 of 48 leaks from the start, 3 hours in)
            return CacheExplanation(text: "more slowly lately, but the floor is not yet seen to bend: " + tooSoonForACache,
                                    verdict: .insufficientData).judged(whole)
        }
        guard whole.verdict == .leaking else { return whole }
        return fill?.judged(whole) ?? whole.explained(whole.explanation, verdict: .plateau)
    }

    /// The floor lately (the mean of its last `newHighTail` since `since`) and its highest
    /// over as long before `since`, when it stands no higher: a climb since then that has not
    /// lifted the floor to a new high. Nil when it has, or there is too little on either side
    /// to say.
    func belowEarlierHigh(_ floor: [Sample], since: Double) -> (now: Double, high: Double)? {
        guard newHighTail > 0 else { return nil }
        // the floor just before, over as long as the span: a quiet spell's dip is recent, while
        // a leak need not beat a peak of hours ago (a first day's daily cycle, a reload)
        let span = (floor.last?.time ?? since) - since
        let before = floor.filter { $0.time < since && $0.time >= since - span }.map(\.value)
        let after = floor.filter { $0.time >= since }.map(\.value)
        guard before.count >= 3, after.count >= 2, let high = before.max() else { return nil }
        let lately = after.suffix(max(2, Int((Double(after.count) * newHighTail).rounded())))
        let now = lately.reduce(0, +) / Double(lately.count)
        return now > high ? nil : (now, high)
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

    func insufficient(_ why: String, segments: Int) -> TrendResult {
        TrendResult(verdict: .insufficientData, slopePerHour: 0, percentPerHour: 0, slopeLowPerHour: 0, slopeHighPerHour: 0,
                    confidence: 0, since: nil, hoursToLimit: nil, segments: segments, explanation: why, floor: [], fitted: [])
    }

    func duration(_ seconds: Double) -> String {
        if seconds >= 5400 { return fixed(seconds / 3600, 1) + " hours" }
        return seconds >= 120 ? "\(Int(seconds / 60)) minutes" : Int(seconds.rounded()) == 1 ? "1 second" : "\(Int(seconds.rounded())) seconds"
    }

    func percentText(_ confidence: Double) -> String {
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
