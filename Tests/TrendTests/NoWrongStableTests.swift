import XCTest
@testable import Trend

/// A verdict of stable needs evidence of flatness. A climb judged on too little (short
/// windows, few points, noise) is "too soon to say", never "stable": on every window setting
/// the help offers, on straight, curved and noisy climbs, at every point of a watch.
final class NoWrongStableTests: XCTestCase {
    /// (warm-up, window) in seconds: the defaults, and the fast settings for quick targets.
    let settings: [(warmUp: Double?, window: Double?)] = [(nil, nil), (30, 20), (60, 30), (300, 60)]

    /// A goroutine count: no GC sawtooth, one reading a second, from `start` up by `perSecond`,
    /// bent by `curve` (0 straight; > 0 speeding up), with noise of `noise` goroutines.
    func climb(seconds: Int, start: Double, perSecond: Double, curve: Double = 0, noise: Double = 0, seed: UInt64 = 1) -> [Sample] {
        var random = SplitMix(seed: seed)
        return (0...seconds).map { second in
            let t = Double(second)
            return Sample(time: t, value: start + perSecond * t + curve * t * t + noise * random.normal())
        }
    }

    func testAClimbIsNeverCalledStable() {
        let climbs: [(String, [Sample])] = [
            ("straight, as the fan-out agent's goroutines", climb(seconds: 900, start: 19_276, perSecond: 24)),
            ("speeding up", climb(seconds: 900, start: 5_000, perSecond: 2, curve: 0.02)),
            ("slow and noisy", climb(seconds: 900, start: 10_000, perSecond: 0.5, noise: 150)),
        ]
        for (warmUp, window) in settings {
            let detector = TrendDetector().timeScaled(warmUp: warmUp, window: window)
            for (name, samples) in climbs {
                // as a watch judges: after each new reading (every 5 s here)
                for count in stride(from: 5, through: samples.count, by: 5) {
                    let result = detector.analyze(Array(samples[..<count]))
                    XCTAssertNotEqual(result.verdict, .stable,
                                      "\(name), warm-up \(warmUp ?? 0) s, window \(window ?? 0) s, after \(count) s: \(result.explanation)")
                    if result.verdict == .stable { break }
                }
            }
        }
    }

    func testAFlatSeriesIsStillCalledStableOnceThereIsEnough() {
        // flatness shown: the slope's interval stays under the growth worth an alarm
        let flat = climb(seconds: 3 * 3600, start: 10_000, perSecond: 0, noise: 30)
        let result = TrendDetector().timeScaled(warmUp: 300, window: 60).analyze(flat)
        XCTAssertEqual(result.verdict, .stable, result.explanation)
    }
}
