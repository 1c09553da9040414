// On a first day, a climb judged from the flat collection levels before it.
extension TrendDetector {
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
}
