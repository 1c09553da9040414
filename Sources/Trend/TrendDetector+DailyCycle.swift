// With a day of history: a daily cycle's climb told from a leak.
extension TrendDetector {
    /// `result` turned stable when its climb repeats the one a period earlier: over the
    /// stretch it judged, the floor stands less than `seasonalShare` of the growth its slope
    /// predicts above the floor one period before at the same times. Both ends come from
    /// `history`, the lifetime's floor at its finest. Standing above it is not enough when
    /// it does not rise above it too (`standsStillAboveEarlierCycle`). Nil when the climb
    /// does not repeat; insufficient-data when too little of the stretch has a period of
    /// history behind it.
    func repeatsEarlierCycle(_ result: TrendResult, history: [Sample]) -> TrendResult? {
        guard let since = result.since, let first = history.first?.time else { return nil }
        let slope = result.slopePerHour / 3600
        var rise = 0.0, predicted = 0.0, compared = 0
        var above: [Sample] = []
        for point in history where point.time >= since && point.time - seasonalPeriod >= first {
            guard let before = TrendDetector.value(in: history, at: point.time - seasonalPeriod) else { continue }
            rise += point.value - before
            above.append(Sample(time: point.time, value: point.value - before))
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
        guard predicted > 0 else { return nil }
        guard rise < seasonalShare * predicted else { return standsStillAboveEarlierCycle(result, above: above) }
        return result.explained("a cycle: the floor rises \(fixed(result.percentPerHour, 2)) %/hour, but stands \(fixed(rise / Double(compared), 0)) above where it was \(duration(seasonalPeriod)) earlier, where a leak would have lifted it \(fixed(predicted / Double(compared), 0))",
                                verdict: .stable)
    }

    /// `result` turned stable when the floor stands above the day before (`above`: by how
    /// much, at each floor point of the climb) but does not rise above it, and stands less
    /// than `seasonalRiseBelow` of a day's growth at the slope above it. A reload's step, or a
    /// run of either day's noise, stands a cycle's climb above the day before without a
    /// climb of its own; a leak younger than a day rises above it as it climbs. One older
    /// than a day stands a whole day's growth above it, and steadily: that needs no rise.
    /// Nil when the climb is a leak's.
    func standsStillAboveEarlierCycle(_ result: TrendResult, above: [Sample]) -> TrendResult? {
        let gap = above.map(\.value).reduce(0, +) / Double(max(1, above.count))
        let daysGrowth = result.slopePerHour / 3600 * seasonalPeriod
        guard seasonalRiseConfidence > 0, gap < seasonalRiseBelow * daysGrowth else { return nil }
        // (under four points no trend can be told either way: not held against the climb)
        let confidence = Statistics.trend(above.map(\.value), at: above.map { ($0.time - above[0].time) / 3600 })?.confidence ?? 1
        guard confidence < seasonalRiseConfidence else { return nil }
        return result.explained("a cycle: the floor rises \(fixed(result.percentPerHour, 2)) %/hour and stands \(fixed(gap, 0)) above where it was \(duration(seasonalPeriod)) earlier, but not rising above it (confidence \(percentText(confidence)))",
                                verdict: .stable)
    }

    /// With a period of history: the series minus the floor one period earlier at the same
    /// times, judged on recent spans. A daily cycle cancels out and a leak is left as a steady
    /// climb from its start, found whether the cycle is rising or falling now (on the raw
    /// floor a falling half hides a leak for hours). A steep climb clears a lower bar
    /// (`steepSeasonalConfidence`), with the day before read through a line fitted to its
    /// floor nearby (`dayBeforeSmoothing`). Nil when there is no such climb.
    func climbAboveEarlierCycle(_ analysed: [Sample], history: [Sample], segments: Int) -> TrendResult? {
        guard !history.isEmpty else { return nil }
        let nearest = minusDayBefore(analysed, dayBefore: history)
        // (the line costs a least-squares fit a floor point: only when the lower bar is on)
        let throughLine = steepSeasonalConfidence < seasonalConfidence
            ? minusDayBefore(analysed, dayBefore: TrendDetector.smoothed(history, halfWidth: dayBeforeSmoothing)) : nil
        guard let first = nearest.points.first?.time, let last = nearest.points.last?.time else { return nil }
        // percentages of the floor's level (its later half), not of the difference's
        let level = history.suffix(history.count / 2).map(\.value).reduce(0, +) / Double(max(1, history.count / 2))
        var strict = self, steep = self
        strict.requiredConfidence = seasonalConfidence
        steep.requiredConfidence = steepSeasonalConfidence
        var recent = minimumSpan * 2
        while recent <= last - first {
            let from = last - recent
            var (result, difference) = (strict.assess(nearest.points.filter { $0.time >= from }, from: from, span: recent, segments: segments, level: level), nearest)
            if result.verdict != .leaking, let throughLine {
                let quick = steep.assess(throughLine.points.filter { $0.time >= from }, from: from, span: recent, segments: segments, level: level)
                if quick.verdict == .leaking, quick.percentPerHour >= steepSeasonalPercentPerHour { (result, difference) = (quick, throughLine) }
            }
            if result.verdict == .leaking {
                // shown as the floor it is: the earlier period added back
                let restore = { (points: [Sample]) in points.map { Sample(time: $0.time, value: $0.value + (difference.earlier($0.time) ?? 0)) } }
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

    /// `analysed` less `dayBefore` one period earlier at the same times, where there is a
    /// period before; and how it reads the period before at a time.
    private func minusDayBefore(_ analysed: [Sample], dayBefore: [Sample]) -> (points: [Sample], earlier: (Double) -> Double?) {
        let earlier = { (time: Double) in TrendDetector.value(in: dayBefore, at: time - self.seasonalPeriod) }
        return (analysed.compactMap { sample in earlier(sample.time).map { Sample(time: sample.time, value: sample.value - $0) } }, earlier)
    }

    /// Each point (in time order, as a floor's are) replaced by a least-squares line's value
    /// there, fitted to the points within `halfWidth` (seconds) either side; a point with
    /// fewer than four near it is kept.
    static func smoothed(_ points: [Sample], halfWidth: Double) -> [Sample] {
        guard halfWidth > 0 else { return points }
        var (low, high) = (0, 0)
        return points.map { point in
            while points[low].time < point.time - halfWidth { low += 1 }
            while high < points.count, points[high].time <= point.time + halfWidth { high += 1 }
            let near = points[low..<high]
            guard let line = Statistics.leastSquaresLine(near.map(\.value), at: near.map { $0.time - point.time }) else { return point }
            return Sample(time: point.time, value: line.intercept)
        }
    }
}
