import XCTest
@testable import Trend

/// Before a first verdict is possible, the verdict says how long until one: a countdown, not a
/// bare "insufficient data" that reads the same after a minute as after fifty.
final class WarmUpCountdownTests: XCTestCase {
    func readings(_ seconds: Int) -> [Sample] {
        (0...seconds).map { Sample(time: Double($0), value: 1000 + Double($0)) }
    }

    func testTheWaitForAFirstVerdictFollowsTheSettings() {
        // 30 minutes of warm-up, then 30 minutes of data
        XCTAssertEqual(TrendDetector().readingsForAVerdict(), 3600)
        // --warm-up 30s --window 20s: the data needed scales with the window (30 min × 20 / 240)
        XCTAssertEqual(TrendDetector().timeScaled(warmUp: 30, window: 20).readingsForAVerdict(), 180, accuracy: 1e-9)
        // a warm-up that is a quarter of the lifetime once that is longer than the least
        var detector = TrendDetector()
        detector.minimumWarmUp = 60
        XCTAssertEqual(detector.readingsForAVerdict(), 2400, accuracy: 1e-9, "a quarter of 40 minutes is 10, leaving 30")
    }

    func testTheVerdictCountsDown() {
        let detector = TrendDetector()
        let early = detector.analyze(readings(150))
        XCTAssertEqual(early.verdict, .insufficientData)
        XCTAssertTrue(early.explanation.hasSuffix("a first verdict in about 57 minutes"), early.explanation)
        let later = detector.analyze(readings(3000))
        XCTAssertTrue(later.explanation.hasSuffix("a first verdict in about 10 minutes"), later.explanation)
    }
}
