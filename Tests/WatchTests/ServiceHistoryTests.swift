import Trend
import XCTest
@testable import Watch

/// How a Prometheus server's history joins a watch's first reading.
final class ServiceHistoryTests: XCTestCase {
    /// Samples every minute from `from` to `to` (minutes), of `value`.
    private func samples(_ from: Int, _ to: Int, value: Double = 100, series: String? = nil) -> [Sample] {
        (from...to).map { Sample(time: Double($0 * 60), value: value, series: series) }
    }

    func testSamplesAreLabelledWithTheStartTimeInForce() {
        let starts = [Sample(time: 0, value: 1000), Sample(time: 300, value: 1000), Sample(time: 360, value: 2000)]
        let labelled = ServiceHistory.labelled(samples(0, 9), starts: starts)
        XCTAssertEqual(labelled.map(\.series), Array(repeating: "started 1000", count: 6) + Array(repeating: "started 2000", count: 4))
        XCTAssertEqual(ServiceHistory.labelled(samples(0, 2), starts: []).map(\.series), [nil, nil, nil])
    }

    func testTheRunningLifetimeTakesTheLiveReadingsLabel() {
        let history = ServiceHistory(series: [.heapInuseBytes: samples(0, 4, series: "started 1") + samples(5, 60, series: "started 2")],
                                     source: "test")
        // a pid target: the lifetime running up to the watch becomes the pid's; the one before stays a restart
        let joined = history.joined(to: Reading(time: 61 * 60, values: [:], instance: "pid 7 start 99")).series[.heapInuseBytes]!
        XCTAssertEqual(joined.count, 61)
        XCTAssertEqual(Set(joined.prefix(5).map(\.series)), ["started 1"])
        XCTAssertEqual(Set(joined.dropFirst(5).map(\.series)), ["pid 7 start 99"])
        // a /metrics target with the same start time: nothing to change
        XCTAssertEqual(history.joined(to: Reading(time: 61 * 60, values: [:], instance: "started 2")).series[.heapInuseBytes], history.series[.heapInuseBytes])
        XCTAssertNil(history.joined(to: Reading(time: 61 * 60, values: [:], instance: "started 2")).apart)
        // the process restarted between the history and the watch: the history is an earlier lifetime
        let restarted = history.joined(to: Reading(time: 61 * 60, values: [:], instance: "started 3"))
        XCTAssertEqual(restarted.series[.heapInuseBytes], history.series[.heapInuseBytes])
        XCTAssertEqual(restarted.apart, "the process started again since (started 2, now started 3)")
        // the history ended an hour before the watch: not known to be the same process
        let ended = history.joined(to: Reading(time: 120 * 60, values: [:], instance: "pid 7 start 99"))
        XCTAssertEqual(ended.series[.heapInuseBytes], history.series[.heapInuseBytes])
        XCTAssertEqual(ended.apart, "it ends 1h before the watch began (the process may have stopped since)")
        // samples from the watch's own time on are the watch's to take
        XCTAssertEqual(history.joined(to: Reading(time: 30 * 60 + 1, values: [:], instance: "started 2")).series[.heapInuseBytes]?.count, 31)
    }

    func testWithoutStartTimesTheRestartsAreFoundByTheFall() {
        // grows to 300, falls back to where it started: a restart
        let climb = (0...120).map { Sample(time: Double($0 * 60), value: 100 + Double($0) * 200 / 120) }
        let history = ServiceHistory(series: [.rssBytes: climb + samples(121, 180, value: 100)], source: "test")
        let joined = history.joined(to: Reading(time: 181 * 60, values: [:], instance: "expvar")).series[.rssBytes]!
        XCTAssertEqual(Set(joined.prefix(121).map(\.series)), ["history lifetime 1"])
        XCTAssertEqual(Set(joined.dropFirst(121).map(\.series)), ["expvar"])
        XCTAssertEqual(Segmentation.segments(joined).count, 2)
    }
}
