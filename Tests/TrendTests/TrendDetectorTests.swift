import XCTest
@testable import Trend

/// Series shaped like a Go service's memory: a warm-up, a GC sawtooth, noise, and (or not) a leak.
struct SyntheticSeries {
    var generator: SplitMix

    init(seed: UInt64) { generator = SplitMix(seed: seed) }

    /// One sample every `interval` seconds for `hours`, in bytes.
    mutating func make(hours: Double, interval: Double = 15, base: Double = 100e6, leakPercentPerHour: Double = 0,
                       warmUp: Double = 30e6, cacheFill: Double = 0, restartAt: Double? = nil) -> [Sample] {
        var samples: [Sample] = []
        var time = 0.0
        var sinceStart = 0.0
        var heapExtra = 0.0
        while time <= hours * 3600 {
            if let restart = restartAt, abs(time - restart) < interval / 2 { sinceStart = 0 }
            let warm = warmUp * (1 - exp(-sinceStart / 900))          // start-up: settles in ~30 minutes
            let cache = cacheFill * (1 - exp(-sinceStart / 7200))      // a cache filling over hours
            let leak = base * leakPercentPerHour / 100 * sinceStart / 3600
            let floor = base + warm + cache + leak
            heapExtra += floor * 0.08                                   // garbage builds up…
            if heapExtra > floor * 0.6 { heapExtra = 0 }                // …until a GC
            let noise = generator.normal() * base * 0.01
            samples.append(Sample(time: time, value: floor + heapExtra + noise))
            time += interval
            sinceStart += interval
        }
        return samples
    }
}

/// A small deterministic generator, so every run sees the same series.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    mutating func normal() -> Double {
        let u = max(next(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * next())
    }
}

final class TrendDetectorTests: XCTestCase {
    func testASlowLeakBehindWarmUpAndSawtoothIsFound() {
        var series = SyntheticSeries(seed: 1)
        let result = TrendDetector().analyze(series.make(hours: 6, leakPercentPerHour: 2))
        XCTAssertEqual(result.verdict, .leaking, result.explanation)
        // the floor grows 2 MB/hour on a 100 MB base (the warm-up's tail adds a little)
        XCTAssertEqual(result.slopePerHour, 2e6, accuracy: 0.3e6)
        XCTAssertLessThan(result.slopeLowPerHour, result.slopePerHour)
        XCTAssertGreaterThan(result.slopeHighPerHour, result.slopePerHour)
        XCTAssertGreaterThan(result.confidence, 0.999)
    }

    func testSteadyMemoryIsStable() {
        for seed in 1...20 {
            var series = SyntheticSeries(seed: UInt64(seed))
            let result = TrendDetector().analyze(series.make(hours: 8))
            XCTAssertNotEqual(result.verdict, .leaking, "seed \(seed): \(result.explanation)")
        }
    }

    func testACacheThatFillsIsNotALeak() {
        var series = SyntheticSeries(seed: 3)
        let result = TrendDetector().analyze(series.make(hours: 10, cacheFill: 40e6))
        XCTAssertNotEqual(result.verdict, .leaking, result.explanation)
    }

    func testRestartsStartNewSegmentsAndTheLastIsAnalysed() {
        var series = SyntheticSeries(seed: 4)
        let samples = series.make(hours: 12, leakPercentPerHour: 3, restartAt: 5 * 3600)
        let result = TrendDetector().analyze(samples)
        XCTAssertEqual(result.segments, 2)
        XCTAssertEqual(result.verdict, .leaking, result.explanation)
        XCTAssertGreaterThanOrEqual(result.since ?? 0, 5 * 3600)
    }

    func testTooLittleDataSaysWhatIsMissing() {
        var series = SyntheticSeries(seed: 5)
        let result = TrendDetector().analyze(series.make(hours: 0.3, leakPercentPerHour: 10))
        XCTAssertEqual(result.verdict, .insufficientData)
        XCTAssertTrue(result.explanation.hasPrefix("need 30 minutes of data after"), result.explanation)
    }

    func testTimeToLimit() {
        var series = SyntheticSeries(seed: 6)
        var detector = TrendDetector()
        detector.limit = 200e6
        let result = detector.analyze(series.make(hours: 6, leakPercentPerHour: 5, warmUp: 0))
        XCTAssertEqual(result.verdict, .leaking)
        // about 100 MB + 5 MB/h·6 h = 130 MB now, 70 MB to go at 5 MB/h: about 14 hours
        XCTAssertEqual(result.hoursToLimit ?? 0, 14, accuracy: 3)
    }

    func testMannKendallAgreesWithAKnownCase() throws {
        // strictly increasing: S = n(n-1)/2
        let values = (0..<10).map(Double.init)
        let (s, variance) = Statistics.mannKendall(values)
        XCTAssertEqual(s, 45)
        XCTAssertEqual(variance, 10 * 9 * 25 / 18)
        XCTAssertEqual(Statistics.normalCDF(1.959964), 0.975, accuracy: 1e-5)
        XCTAssertEqual(try XCTUnwrap(Statistics.trend(values)).slope, 1)
    }
}

#if canImport(Glibc)
import Glibc
#endif
