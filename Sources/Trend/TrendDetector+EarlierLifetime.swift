// A young lifetime's climb told by the lifetime before it.
extension TrendDetector {
    /// The climb since warm-up (`whole`: significant, though read as a cache, as slowing down,
    /// or in a process too young to tell) as the same leak the lifetime before showed, or
    /// nil; only with `sameBuild`. A leak that runs from the process's start climbs, for its
    /// first hours, as a cache filling would, and warm-up's tail slows it; a lifetime that
    /// outlived the longest fill time (and this one) and was judged leaking at its end has
    /// shown that its climb does not level off. This one is the same climb when its floor
    /// keeps pace with that one's at the same ages: it may stand higher or lower (another
    /// load), but it must not fall behind it, as it would were the leak fixed by the release
    /// that restarted it with the same cache (a bigger cache can keep pace: see `sameBuild`).
    func repeatsEarlierLifetime(_ whole: TrendResult, segments: [[Sample]], warmUp: Double) -> TrendResult? {
        guard sameBuild, whole.confidence >= requiredConfidence, whole.slopePerHour > 0,
              let (earlier, gaps) = gapsFromEarlierLifetime(whole.floor, segments: segments, warmUp: warmUp),
              earlier.verdict == .leaking, let gap = Statistics.trend(gaps.map(\.gap), at: gaps.map(\.hours)),
              gap.slopeLow >= -keepPaceShare * earlier.slopePerHour else { return nil }
        let growth = "growth of \(fixed(whole.percentPerHour, 2)) %/hour since warm-up (confidence \(percentText(whole.confidence))) that keeps pace with the lifetime before at the same ages"
        var repeated = whole.explained(growth + ", which went on growing \(fixed(earlier.percentPerHour, 2)) %/hour to its end and was judged leaking: a cache would have levelled off",
                                       verdict: .leaking)
        repeated.repeatsEarlierLifetime = true
        return repeated
    }

    /// A climb in a process younger than the longest fill time that does not rise above the
    /// lifetime before at the same ages, less that one's leak when it was judged leaking: the
    /// cache that lifetime filled, filling again, as a plateau; nil when it rises above it
    /// (`earlierRiseConfidence`), when that lifetime has vouched for it as the same leak
    /// (`repeatsEarlierLifetime`), or when there is no such lifetime to tell. A leak the
    /// lifetime before did not have climbs on top of the same cache; a cache slower than this
    /// process has lived climbs, for all its first hours show, as steadily as a leak.
    func followsEarlierLifetime(_ result: TrendResult, segments: [[Sample]]) -> TrendResult? {
        guard earlierRiseConfidence > 0, !result.repeatsEarlierLifetime, cacheFillTime > 0, let life = segments.last, let start = life.first?.time,
              let end = life.last?.time, end - start < cacheFillTime,
              let (earlier, gaps) = gapsFromEarlierLifetime(result.floor, segments: segments, warmUp: warmUp(lifetime: end - start)),
              earlier.verdict != .insufficientData else { return nil }
        // the lifetime before's leak is taken out, and what is left of it is its cache. Its
        // slope over its whole stretch takes out a share of the cache too: this climb then
        // rises above the rest sooner, on the side of an alarm
        let leak = earlier.verdict == .leaking ? max(0, earlier.slopePerHour) : 0
        let level = result.floor.map(\.value).reduce(0, +) / Double(result.floor.count)
        guard level > 0, let rise = Statistics.trend(gaps.map { $0.gap + leak * $0.hours }, at: gaps.map(\.hours)) else { return nil }
        if rise.confidence >= earlierRiseConfidence, rise.slope / level * 100 >= minimumPercentPerHour { return nil }
        let less = leak > 0 ? " less its leak (\(fixed(earlier.percentPerHour, 2)) %/hour)" : ""
        return result.explained("growth of \(fixed(result.percentPerHour, 2)) %/hour that does not rise above the lifetime before at the same ages\(less) (confidence \(percentText(rise.confidence))): the cache that lifetime filled, filling again",
                                verdict: .plateau)
    }

    /// The lifetime before judged whole, and how far `floor` (this lifetime's, after warm-up)
    /// stands above that one's floor at the same ages (hours since the start); nil without a
    /// lifetime before that outlived the longest fill time and this one, or with too few ages
    /// in common.
    func gapsFromEarlierLifetime(_ floor: [Sample], segments: [[Sample]], warmUp: Double) -> (TrendResult, [(hours: Double, gap: Double)])? {
        guard segments.count >= 2, let start = segments.last?.first?.time, let end = segments.last?.last?.time,
              let previous = segments.dropLast().last, let earlierStart = previous.first?.time, let earlierEnd = previous.last?.time,
              earlierEnd - earlierStart >= max(cacheFillTime, end - start), let last = floor.last?.time else { return nil }
        // the earlier floor over the same ages, read as this one is, and a little past them: a
        // collection cycle's level is read at its start, so the cycle running at this one's
        // last age began before it (without the margin, 2 of 60 leaks of 2 %/hour were found
        // within 2 hours of the restart in the evaluation; with it, 5, and no more alarms)
        let span = last - (start + warmUp)
        let sameAges = previous.filter { $0.time >= earlierStart + warmUp && $0.time <= earlierStart + warmUp + span + minimumSpan }
        let earlierFloor = floorSeries(sameAges, from: earlierStart + warmUp, span: span).floor
        let gaps = floor.compactMap { point in
            TrendDetector.value(in: earlierFloor, at: earlierStart + point.time - start).map { (hours: (point.time - start) / 3600, gap: point.value - $0) }
        }
        guard gaps.count >= minimumPoints else { return nil }
        return (judge(previous), gaps)
    }
}
