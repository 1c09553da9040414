import Foundation
import XCTest

final class TrendCommandTests: XCTestCase {
    /// A series written the way a user would record one: a header, RFC 3339 times, a steady
    /// climb of 1 % an hour behind a sawtooth.
    private func leakingCSV(hours: Int) -> String {
        var lines = ["timestamp,value"]
        let start = 1_764_489_600  // 2025-11-30T08:00:00Z
        var extra = 0.0
        for minute in 0...(hours * 60) {
            let floor = 200e6 + 2e6 * Double(minute) / 60
            extra = extra > floor * 0.4 ? 0 : extra + floor * 0.05
            let seconds = start + minute * 60
            let day = seconds / 86400 - 20422  // days after 2025-11-30
            let time = String(format: "2025-11-%02dT%02d:%02d:00Z", 30 + day, (seconds / 3600) % 24, (seconds / 60) % 60)
            lines.append("\(time),\(Int(floor + extra))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func testALeakingRecordingIsJudgedAndReplayed() throws {
        let tree = try workspace(["series.csv": leakingCSV(hours: 8)])
        let result = try SeepProcess.run(["trend", "--replay", "--format", "json", "series.csv"], in: tree)
        XCTAssertEqual(result.status, 1, result.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["verdict"] as? String, "leaking")
        for key in ["slope_per_hour", "percent_per_hour", "confidence", "first_detected_at", "segments", "since", "hours_to_limit"] {
            XCTAssertTrue(document.keys.contains(key), "missing \(key)")
        }
        let detected = try XCTUnwrap(document["first_detected_at"] as? String)
        XCTAssertTrue(detected.hasPrefix("2025-11-30T"), "same form as the input: \(detected)")
        XCTAssertEqual(document["slope_per_hour"] as? Double ?? 0, 2e6, accuracy: 0.2e6)
    }

    func testSameBuildLetsTheLifetimeBeforeTellALeakFromACache() throws {
        // two labelled lifetimes leaking 5 %/hour from each start beside a cache (from
        // evaluate-trend's restart shape), cut 1.9 hours after the restart: on its own the young
        // climb reads as a cache; told the restart ran the same build, as the lifetime before
        let series = SeepProcess.repository.appendingPathComponent("fuzz/corpus-series/restart-keeps-pace.csv").path
        let alone = try SeepProcess.run(["trend", "--format", "json", series])
        XCTAssertEqual(alone.status, 0, alone.stdout + alone.stderr)
        let same = try SeepProcess.run(["trend", "--same-build", "--format", "json", series])
        XCTAssertEqual(same.status, 1, same.stdout + same.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(same.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["segments"] as? Int, 2)
        let explanation = try XCTUnwrap(document["explanation"] as? String)
        XCTAssertTrue(explanation.contains("keeps pace with the lifetime before"), explanation)
    }

    func testAReplayCanStartAfterHistory() throws {
        let tree = try workspace(["series.csv": leakingCSV(hours: 8)])
        // the first six hours are history: the leak, long since visible, is reported at once
        let later = try SeepProcess.run(["trend", "--replay-from", "2025-11-30T14:00:00Z", "--format", "json", "series.csv"], in: tree)
        XCTAssertEqual(later.status, 1, later.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(later.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["first_detected_at"] as? String, "2025-11-30T14:00:00Z")
        let bad = try SeepProcess.run(["trend", "--replay-from", "yesterday", "series.csv"], in: tree)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--replay-from: 'yesterday' is neither Unix seconds nor an RFC 3339 time"), bad.stderr)
        let beyond = try SeepProcess.run(["trend", "--replay-from", "2025-12-01T00:00:00Z", "series.csv"], in: tree)
        XCTAssertEqual(beyond.status, 2)
        XCTAssertEqual(beyond.stderr, "seep: series.csv: --replay-from 2025-12-01T00:00:00Z is after the last sample\n")
        // store options on a recorded series are a mistake, not something to ignore
        let misplaced = try SeepProcess.run(["trend", "--target", "pid:1", "series.csv"], in: tree)
        XCTAssertEqual(misplaced.status, 2)
        XCTAssertTrue(misplaced.stderr.contains("--target and --quantity pick a series from a seep watch store"), misplaced.stderr)
    }

    func testCountsAreCountsAndTimesAreDates() throws {
        // two hours of a goroutine count climbing 2 a second, one reading every 10 s
        let csv = stride(from: 0, to: 7200, by: 10).map { "\(1_765_000_000 + $0),\(3900 + 2 * $0)\n" }.joined()
        let tree = try workspace(["goroutines.csv": csv, "series.csv": csv])
        let counted = try SeepProcess.run(["trend", "--replay", "goroutines.csv"], in: tree)
        XCTAssertEqual(counted.status, 1, counted.stderr)
        XCTAssertTrue(counted.stdout.contains("  slope 7200/hour (95% interval 7200/hour to 7200/hour)"), counted.stdout)
        XCTAssertFalse(counted.stdout.contains("KiB"), "a goroutine count is no size: " + counted.stdout)
        XCTAssertTrue(counted.stdout.contains("analysed since 2025-12-06T06:16:40Z"), counted.stdout)
        XCTAssertTrue(counted.stdout.contains("first detected: 2025-12-06T"), counted.stdout)
        // a name that says nothing is bytes, unless --unit says otherwise
        let sized = try SeepProcess.run(["trend", "series.csv"], in: tree)
        XCTAssertTrue(sized.stdout.contains("slope 7.0 KiB/hour"), sized.stdout)
        let told = try SeepProcess.run(["trend", "--unit", "count", "series.csv"], in: tree)
        XCTAssertTrue(told.stdout.contains("slope 7200/hour"), told.stdout)
    }

    func testShortOrBrokenInputsSayWhy() throws {
        let tree = try workspace(["short.csv": "1,100\n2,101\n3,102\n", "bad.csv": "1,100\nabc,def\n", "empty.json": "[]"])
        let short = try SeepProcess.run(["trend", "short.csv"], in: tree)
        XCTAssertEqual(short.status, 3, "not judged yet is not clean")
        XCTAssertTrue(short.stdout.hasPrefix("insufficient-data: need "), short.stdout)
        let bad = try SeepProcess.run(["trend", "bad.csv"], in: tree)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("line 2: \"abc\" is not a timestamp"), bad.stderr)
        XCTAssertEqual(try SeepProcess.run(["trend", "empty.json"], in: tree).status, 2)
        XCTAssertEqual(try SeepProcess.run(["trend", "missing.csv"], in: tree).status, 2)
    }

    func testAWatchStoreIsReadBackAsASeries() throws {
        let directory = try workspace([:])
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("watch.db").path
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        defer { child.terminate() }
        let target = "pid:\(child.processIdentifier)"
        let watched = try SeepProcess.run(["watch", target, "--store", store, "--interval", "100ms", "--duration", "1s"])
        XCTAssertEqual(watched.status, 3, "a second of readings is not judged: " + watched.stderr)

        let judged = try SeepProcess.run(["trend", store, "--format", "json"])
        XCTAssertEqual(judged.status, 3, judged.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(judged.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["verdict"] as? String, "insufficient-data")
        let page = try SeepProcess.run(["trend", store, "--format", "html"])
        XCTAssertTrue(page.stdout.contains("<svg") && page.stdout.contains("\(target) rss_bytes"), page.stdout)
        let other = try SeepProcess.run(["trend", store, "--target", "pid:1"])
        XCTAssertEqual(other.status, 2)
        XCTAssertEqual(other.stderr, "seep: \(store): no readings of pid:1; the store has: \(target)\n")
        let missing = try SeepProcess.run(["trend", store, "--quantity", "goroutines"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no goroutines readings of \(target); it has rss_bytes"), missing.stderr)
    }
}
