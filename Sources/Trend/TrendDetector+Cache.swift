#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a climb may be a cache filling up, and the verdict that makes: a plateau when the
/// floor is seen to slow down as well; too soon to say when it is not (a leak that began with
/// the process climbs as a slow cache does), or when too few floor points show its shape.
struct CacheExplanation {
    let text: String
    let verdict: Verdict

    /// `result` (a climb) said so: with its pace when too soon to say, as that verdict's
    /// output leaves the slope out.
    func judged(_ result: TrendResult) -> TrendResult {
        let pace = verdict == .insufficientData && result.percentPerHour > 0 ? "growing \(fixed(result.percentPerHour, 2)) %/hour, " : ""
        return result.explained(pace + text, verdict: verdict)
    }
}

// Caches that fill and level off, told from leaks, and a leak beside one.
extension TrendDetector {
    /// Why the floor may be a cache still filling rather than a leak, or nil. A cache fills
    /// ever more slowly toward its size: c·(1 − e^(−t/τ)). The floor of the whole stretch is
    /// fitted, for each fill time τ up to `cacheFillTime`, with such a curve plus a line; a
    /// leak is what the line keeps once the curve has taken its share, and it must keep a
    /// significant, large enough slope whatever the fill time. A cache alone leaves the line
    /// flat. A leak that began after warm-up bends the floor the other way (flat, then
    /// rising), which no filling curve explains; one that goes on after a cache has filled
    /// keeps its slope; one that began with the process looks like a slow cache until it has
    /// outgrown one.
    func fillsLikeACache(_ floor: [Sample], lifetime: Double) -> CacheExplanation? {
        // a few GC cycles' levels can show a rise but not its shape
        if cacheFillTime > 0, floor.count < minimumPoints {
            return CacheExplanation(text: "\(floor.count) floor points show growth, too few yet to tell it from a cache filling up",
                                    verdict: .insufficientData)
        }
        guard let explaining = cacheFits(floor, lifetime: lifetime, climbingSince: nil).first(where: { !$0.leavesAClimb }) else { return nil }
        // a cache explains a straight climb too, filling slowly enough: only a floor seen to
        // slow down is one levelling off
        guard seenToSlowDown(floor) else {
            return CacheExplanation(text: "as a cache filling up would, but not yet seen to slow down: " + tooSoonForACache, verdict: .insufficientData)
        }
        return CacheExplanation(text: "growth like a cache filling up: a curve that levels off over \(duration(explaining.tau)) explains the floor and leaves no significant steady climb",
                                verdict: .plateau)
    }

    /// Why a climb that may be a cache filling up, not yet seen to slow down, is not a plateau.
    var tooSoonForACache: String {
        "a leak that began with the process climbs so too, and is told apart once it outgrows a cache filling over up to \(duration(cacheFillTime))"
    }

    /// Whether the floor bends down: a parabola through it curves down with `bendConfidence`
    /// (its square term's t test, corrected for neighbouring points' errors as a line's is).
    /// A cache levelling off bends; a straight climb, a leak's, does not.
    func seenToSlowDown(_ floor: [Sample]) -> Bool {
        guard let first = floor.first?.time else { return false }
        let hours = floor.map { ($0.time - first) / 3600 }
        let middle = hours.reduce(0, +) / Double(max(1, hours.count))
        let square = hours.map { ($0 - middle) * ($0 - middle) }
        // the square term of the floor turned upside down rises when the floor bends down
        guard let fit = Statistics.lineWithCurve(floor.map { -$0.value }, on: square, curve: hours) else { return false }
        return fit.slope > 0 && fit.confidence >= bendConfidence
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
}
