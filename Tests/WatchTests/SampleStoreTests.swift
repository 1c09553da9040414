import Foundation
import Trend
import XCTest
@testable import Watch

final class SampleStoreTests: XCTestCase {
    private func temporaryStore() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("seep-store-\(UUID().uuidString).db").path
    }

    func testReadingsSurviveReopeningAndKeepTheirInstances() throws {
        let path = temporaryStore()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let store = try SampleStore(path: path)
            for second in 0..<10 {
                try store.append(Reading(time: Double(second), values: [.rssBytes: Double(100 + second), .goroutines: 7],
                                         instance: second < 5 ? "a" : "b"), target: "pid:1")
            }
            try store.record(target: "pid:1", time: 5, kind: "restart", detail: "b")
        }
        let reopened = try SampleStore(path: path)
        let rss = try reopened.samples(target: "pid:1", quantity: .rssBytes)
        XCTAssertEqual(rss.map(\.value), (0..<10).map { Double(100 + $0) })
        XCTAssertEqual(rss.map(\.series), Array(repeating: "a", count: 5) + Array(repeating: "b", count: 5))
        XCTAssertEqual(try reopened.quantities(target: "pid:1"), [.rssBytes, .goroutines])
        XCTAssertEqual(try reopened.lastInstance(target: "pid:1"), "b")
        XCTAssertEqual(try reopened.events(target: "pid:1"), [SampleStore.Event(time: 5, kind: "restart", detail: "b")])
        XCTAssertEqual(try reopened.samples(target: "other", quantity: .rssBytes), [])
    }

    func testDownsamplingKeepsEachWindowsMinimumAndBoundsTheStore() throws {
        let store = try SampleStore(path: nil)
        // two days at one reading every 10 s: a sawtooth over a slow climb
        let now = 2 * 86400.0
        var lowest: [Int: Double] = [:]
        for step in 0..<Int(now / 10) {
            let time = Double(step) * 10
            let value = 1000 + time / 100 + Double(step % 6) * 50
            try store.append(Reading(time: time, values: [.heapInuseBytes: value]), target: "t")
            lowest[Int(time / 60), default: .infinity] = min(lowest[Int(time / 60), default: .infinity], value)
        }
        let tiers = [Downsampling.Tier(age: 3600, window: 60), Downsampling.Tier(age: 86400, window: 600)]
        try store.downsample(target: "t", now: now, tiers: tiers)
        let kept = try store.samples(target: "t", quantity: .heapInuseBytes)
        // a day of 10-minute rows, 23 hours of minutes, the last hour raw
        XCTAssertEqual(kept.count, 144 + 23 * 60 + 360)
        XCTAssertEqual(kept.map(\.time), kept.map(\.time).sorted())
        // a minute-window row holds the minimum of that minute, at its middle
        let minuteRow = try XCTUnwrap(kept.first { $0.time == 86400 + 30 })
        XCTAssertEqual(minuteRow.value, lowest[1440])
        // thinning twice changes nothing
        try store.downsample(target: "t", now: now, tiers: tiers)
        XCTAssertEqual(try store.samples(target: "t", quantity: .heapInuseBytes), kept)
        // the detector sees the same climb in the thinned series
        var detector = TrendDetector()
        detector.minimumPercentPerHour = 0
        let full = (0..<Int(now / 10)).map { Sample(time: Double($0) * 10, value: 1000 + Double($0) * 10 / 100 + Double($0 % 6) * 50) }
        let before = detector.analyze(full), after = detector.analyze(kept)
        XCTAssertEqual(before.verdict, .leaking)
        XCTAssertEqual(after.verdict, .leaking)
        XCTAssertEqual(after.slopePerHour, before.slopePerHour, accuracy: before.slopePerHour * 0.05)
    }

    func testAnUnwritableStoreIsAClearError() {
        XCTAssertThrowsError(try SampleStore(path: "/no/such/directory/store.db")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/no/such/directory/store.db: "), "\(error)")
        }
    }
}
