import Foundation
import XCTest

/// `seep watch --history`: the example agent watched live, with two days of its heap's
/// history from a real Prometheus server (backfilled with promtool, `SyntheticHistory`, at the
/// agent's own heap level) joined to the live readings.
final class WatchHistoryTests: XCTestCase {
    private func events(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    private func heapInUse(_ agent: RunningAgent) throws -> Double {
        let vars = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(string: agent.base + "/debug/vars")!)) as? [String: Any]
        return try XCTUnwrap((vars?["memstats"] as? [String: Any])?["HeapInuse"] as? Double)
    }

    func testHistoryTellsADailyCycleFromALeakAtTheFirstReading() throws {
        let agent = try RunningAgent(["-interval", "50ms"])
        defer { agent.stop() }
        let now = Int(Date().timeIntervalSince1970)
        // the agent's own address is the instance label Prometheus would give it
        let address = String(agent.base.dropFirst("http://".count))
        let server = try RunningPrometheus(history: SyntheticHistory.openMetrics(
            metric: "go_memstats_heap_inuse_bytes", level: try heapInUse(agent), job: "agent", now: now,
            instances: [("clean", 0), ("leaky", 2), (address, 2)]))
        defer { server.stop() }
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("seep-history-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) } }
        func watch(_ instance: String?, _ extra: [String] = []) throws -> (Int32, [[String: Any]], String) {
            let history = instance.map { $0.isEmpty ? ["--history", server.url] : ["--history", server.url, "--history-match", "{instance=\"\($0)\"}"] } ?? []
            let result = try SeepProcess.run(["watch", agent.base, "--duration", "2s", "--interval", "250ms", "--format", "json"] + history + extra)
            return (result.status, try events(result.stdout), result.stderr)
        }
        func heapVerdict(_ lines: [[String: Any]]) -> String? { (lines.last?["verdicts"] as? [String: String])?["heap_inuse_bytes"] }

        let (cleanStatus, clean, cleanError) = try watch("clean", ["--store", store])
        XCTAssertEqual(cleanStatus, 3, "the heap is judged at once, the goroutines (no history) not yet: " + cleanError)
        let joined = try XCTUnwrap(clean.first { $0["event"] as? String == "history" }, "\(clean)")
        // two days at the step Prometheus is asked for (18 s: under its 11,000 points)
        XCTAssertEqual(Double(joined["samples"] as? Int ?? 0), 48 * 3600 / 18, accuracy: 20)
        XCTAssertEqual(joined["joined"] as? Bool, true, "\(joined)")
        XCTAssertEqual(heapVerdict(clean), "stable", "\(clean.last ?? [:])")

        // the history is in the store: judged again from it, the same verdict
        let stored = try SeepProcess.run(["trend", store, "--quantity", "heap_inuse_bytes"])
        XCTAssertEqual(stored.status, 0, stored.stdout + stored.stderr)
        XCTAssertTrue(stored.stdout.hasPrefix("stable: "), stored.stdout)

        let (leakyStatus, leaky, leakyError) = try watch("leaky")
        XCTAssertEqual(leakyStatus, 1, leakyError)
        XCTAssertEqual(heapVerdict(leaky), "leaking", "\(leaky.last ?? [:])")
        let said = leaky.first { $0["event"] as? String == "verdict" && $0["quantity"] as? String == "heap_inuse_bytes" }
        XCTAssertTrue((said?["explanation"] as? String ?? "").contains("above the same hours 24.0 hours earlier"), "\(said ?? [:])")

        // a store that already holds readings: the history goes before them, joined to the
        // process of the first of them
        let resumed = FileManager.default.temporaryDirectory.appendingPathComponent("seep-resumed-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: resumed + suffix) } }
        let (_, first, _) = try watch(nil, ["--store", resumed])
        XCTAssertNil(first.first { $0["event"] as? String == "history" })
        let (resumedStatus, again, resumedError) = try watch("leaky", ["--store", resumed])
        XCTAssertEqual(resumedStatus, 1, resumedError)
        let added = try XCTUnwrap(again.first { $0["event"] as? String == "history" }, "\(again)")
        XCTAssertEqual(added["joined"] as? Bool, true, "\(added)")
        XCTAssertGreaterThan(added["samples"] as? Int ?? 0, 9000)
        XCTAssertGreaterThan(again.first?["resumed_samples"] as? Int ?? 0, 0)
        XCTAssertEqual(heapVerdict(again), "leaking")

        // by default the history is the instance at the target's host and port
        let (ownStatus, own, ownError) = try watch("")
        XCTAssertEqual(ownStatus, 1, ownError)
        XCTAssertEqual(own.first { $0["event"] as? String == "history" }?["source"] as? String, "\(server.url) {instance=\"\(address)\"}")
        XCTAssertEqual(heapVerdict(own), "leaking")

        // without history, two seconds of readings say nothing yet
        let (_, alone, _) = try watch(nil)
        XCTAssertEqual(heapVerdict(alone), "insufficient-data")
    }

    func testAPrometheusScrapingTheTargetGivesItsHistoryToTheWatch() throws {
        // no backfill: Prometheus scrapes its own /metrics every second, a Go service with
        // process_start_time_seconds; watched at that URL, the history it kept of itself is
        // the same process's (the start times agree) and joins the watch
        let server = try RunningPrometheus(scrapingItself: true)
        defer { server.stop() }
        let query = server.url + "/api/v1/query?query=go_goroutines"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !((try? String(contentsOf: URL(string: query)!, encoding: .utf8)) ?? "").contains(#""job":"self""#) {
            Thread.sleep(forTimeInterval: 0.5)
        }
        Thread.sleep(forTimeInterval: 2)
        let result = try SeepProcess.run(["watch", server.url + "/metrics", "--history", server.url, "--duration", "1s", "--interval", "250ms",
                                          "--format", "json"])
        XCTAssertEqual(result.status, 3, "not every quantity judged in a second: " + result.stderr)
        let lines = try events(result.stdout)
        let history = try XCTUnwrap(lines.first { $0["event"] as? String == "history" }, result.stdout)
        XCTAssertEqual(history["source"] as? String, "\(server.url) {instance=\"\(server.url.dropFirst("http://".count))\"}")
        XCTAssertEqual(history["joined"] as? Bool, true, "\(history)")
        XCTAssertGreaterThanOrEqual(history["samples"] as? Int ?? 0, 1)
    }

    func testHistoryThatCannotBeUsedIsAClearError() throws {
        let server = try RunningPrometheus(history: SyntheticHistory.openMetrics(
            metric: "go_memstats_heap_inuse_bytes", level: 2e6, job: "agent", now: Int(Date().timeIntervalSince1970)))
        defer { server.stop() }
        let cases: [([String], String)] = [
            (["--history", server.url], #"process_start_time_seconds gave 2 series (process_start_time_seconds{instance="clean",job="agent"}, process_start_time_seconds{instance="leaky",job="agent"}); pick the watched instance with --history-match"#),
            (["--history", server.url, "--history-match", #"{job="other"}"#], "no history of go_memstats_heap_inuse_bytes{job=\"other\"}"),
            (["--history", "http://127.0.0.1:9"], "connection refused"),
            (["--history-match", "{}"], "--history-match goes with --history URL"),
            (["--history", server.url, "--history-match", "agent"], "--history-match: 'agent' is not a selector"),
        ]
        for (options, message) in cases {
            let result = try SeepProcess.run(["watch", "pid:\(getpid())", "--duration", "1s"] + options)
            XCTAssertEqual(result.status, 2, "\(options)")
            XCTAssertTrue(result.stderr.contains(message), "\(options): \(result.stderr)")
        }
    }
}
