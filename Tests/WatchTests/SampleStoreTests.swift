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

/// A store is someone's data: reading writes nothing, and a file that is not a store of this
/// Seep's schema is refused before a byte of it changes.
final class SampleStoreSafetyTests: XCTestCase {
    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seep-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    /// The database file's bytes, and the write-ahead log's (a reader of a WAL database may
    /// leave an empty log and its index beside it, as any SQLite reader does; nothing in them).
    private func files(_ path: String) -> [String: Data] {
        var found: [String: Data] = [:]
        for suffix in ["", "-wal", "-journal"] {
            if let data = FileManager.default.contents(atPath: path + suffix), suffix.isEmpty || !data.isEmpty { found[suffix] = data }
        }
        return found
    }

    private func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()", path, sql]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testAnotherProgramsDatabaseIsRefusedUntouched() throws {
        let path = try scratch().appendingPathComponent("app.db").path
        try sqlite(path, "CREATE TABLE users (name TEXT, password TEXT); INSERT INTO users VALUES ('ann', 'x');")
        let before = files(path)
        for readOnly in [false, true] {
            XCTAssertThrowsError(try SampleStore(path: path, readOnly: readOnly)) { error in
                XCTAssertTrue("\(error)".contains("not a Seep store (it has the tables users)"), "\(error)")
            }
        }
        XCTAssertEqual(files(path), before, "not a byte changed, no WAL file made")
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SampleStore(path: path)) { error in
            XCTAssertTrue("\(error)".contains("not a Seep store"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "not a database at all, just text")
    }

    func testAStoreFromANewerSeepIsRefused() throws {
        let path = try scratch().appendingPathComponent("newer.db").path
        do {
            let store = try SampleStore(path: path)
            try store.append(Reading(time: 1, values: [.goroutines: 3]), target: "t")
        }
        try sqlite(path, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future');")
        let before = files(path)
        for readOnly in [false, true] {
            XCTAssertThrowsError(try SampleStore(path: path, readOnly: readOnly)) { error in
                XCTAssertTrue("\(error)".contains("written by a newer Seep"), "\(error)")
            }
        }
        XCTAssertEqual(files(path), before)
    }

    func testReadingAStoreWritesNothing() throws {
        let directory = try scratch()
        let path = directory.appendingPathComponent("watch.db").path
        do {
            let store = try SampleStore(path: path)
            for second in 0..<20 { try store.append(Reading(time: Double(second), values: [.rssBytes: 100]), target: "pid:1") }
        }
        let before = files(path)
        let reader = try SampleStore(path: path, readOnly: true)
        XCTAssertEqual(try reader.readingCount(target: "pid:1"), 20)
        XCTAssertThrowsError(try reader.append(Reading(time: 99, values: [.rssBytes: 1]), target: "pid:1"))
        XCTAssertEqual(files(path), before)
        XCTAssertThrowsError(try SampleStore(path: directory.appendingPathComponent("none.db").path, readOnly: true)) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
    }
}
