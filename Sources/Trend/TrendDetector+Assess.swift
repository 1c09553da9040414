// One stretch judged: significant, large enough, not a step, not slowing down.
extension TrendDetector {
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
        if let jump = TrendDetector.stepFit(values, lineSlope: test.slope, mixedPoint: cycles), jump.stepError < stepRatio * jump.lineError {
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
    /// (two flat levels), with the step's height. `mixedPoint`: the points are collection
    /// cycles' levels, each a line through its cycle's readings, so the one a step falls
    /// within may lie between the two levels and is then left out of both.
    static func stepFit(_ values: [Double], lineSlope: Double, mixedPoint: Bool = false) -> (lineError: Double, stepError: Double, height: Double)? {
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
        func mean(_ from: Int, _ to: Int) -> Double { (prefix[to] - prefix[from]) / Double(to - from) }
        var best = (error: Double.infinity, height: 0.0)
        for split in 2...(n - 2) {
            let total = error(0, split) + error(split, n)
            if total < best.error { best = (total, mean(split, n) - mean(0, split)) }
            // a step within a collection cycle leaves its level between the two, a mix of
            // both (a window's minimum is the lower level's). Three points after it, at least,
            // must show the new level flat (two after a climb's first are as good as a level)
            guard mixedPoint, split + 4 <= n else { continue }
            let (low, high) = (mean(0, split), mean(split + 1, n))
            let between = error(0, split) + error(split + 1, n)
            if values[split] > min(low, high), values[split] < max(low, high), between < best.error { best = (between, high - low) }
        }
        return (lineError, best.error, best.height)
    }

    /// A rise between neighbouring floor points this many times their typical change is a
    /// jump that may make all the growth: a step, not a climb.
    static let jumpFactor = 4.0

    /// The floor with its largest jump taken out (every later value lowered by it), and that
    /// jump: a rise between neighbours, as far as the level holds it; nil when none stands
    /// out (`jumpFactor`).
    static func withoutLargestJump(_ values: [Double]) -> (Double, [Double])? {
        guard values.count >= 4 else { return nil }
        // a rise counts only as far as the level stays up: the median of up to three points
        // from it on against the median of up to three before, so a lone dip before it or a
        // spike at it is no jump
        func level(_ range: Range<Int>) -> Double { Statistics.median(Array(values[range])) }
        var largest = (index: 1, height: -Double.infinity)
        for index in 1..<values.count {
            let held = level(index..<min(values.count, index + 3)) - level(max(0, index - 3)..<index)
            let height = min(values[index] - values[index - 1], held)
            if height > largest.height { largest = (index, height) }
        }
        // a jump is a step only when it stands out of the floor's noise (the typical change
        // between neighbours); the largest of a noisy climb's rises does not
        let typical = Statistics.median(zip(values, values.dropFirst()).map { abs($1 - $0) })
        guard largest.height > 0, largest.height >= jumpFactor * typical else { return nil }
        return (largest.height, values.enumerated().map { $0.offset >= largest.index ? $0.element - largest.height : $0.element })
    }
}

extension TrendDetector {
    /// A verdict of stable needs evidence of flatness: the slope's 95 % interval must stay
    /// under the growth worth an alarm. A climb not yet significant (few points, short
    /// windows, noise) is not shown to be flat: too soon to say, never a wrong "stable". Asked
    /// of the verdict reported, not of the judgements inside (a lifetime before judged so is
    /// still told from a cache as before).
    func showingFlatness(_ result: TrendResult) -> TrendResult {
        guard result.verdict == .stable, result.slopePerHour > 0, result.confidence < requiredConfidence,
              result.percentPerHour > 0 else { return result }
        let highest = result.slopeHighPerHour / result.slopePerHour * result.percentPerHour
        guard highest >= minimumPercentPerHour else { return result }
        return result.explained("growing \(fixed(result.percentPerHour, 2)) %/hour, not yet significant (confidence \(percentText(result.confidence))); stable needs the growth shown under \(minimumPercentPerHour) %/hour, and it may be up to \(fixed(highest, 2)) %/hour",
                                verdict: .insufficientData)
    }
}
