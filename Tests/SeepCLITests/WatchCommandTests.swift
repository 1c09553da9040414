import Foundation
import XCTest

/// `seep watch` on real targets: the example agent over HTTP and /proc, Prometheus from
/// Debian's package, and a watch killed with SIGKILL.
final class WatchCommandTests: XCTestCase {
    private func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seep-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The fast time scale the tests watch on: warm-up 2 s, floor windows of half a second.
    private let fast = ["--interval", "100ms", "--warm-up", "2s", "--window", "500ms", "--format", "json"]

    func testALeakingAgentIsCaughtWithItsSendLineAndTheFixedOneIsNot() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let leaking = try RunningAgent(["-interval", "20ms", "-leak", "fanout", "-subscribers", "4", "-lifetime", "5"])
        defer { leaking.stop() }
        let capture = directory.appendingPathComponent("evidence").path
        let report = directory.appendingPathComponent("report.html").path
        let store = directory.appendingPathComponent("watch.db").path
        let result = try SeepProcess.run(["watch", leaking.base, "--duration", "10s", "--capture", capture, "--report", report,
                                          "--store", store] + fast)
        XCTAssertEqual(result.status, 1, result.stderr)
        let events = try lines(result.stdout)
        XCTAssertEqual(events.first?["event"] as? String, "started")
        XCTAssertEqual(events.last?["event"] as? String, "stopped")
        let final = try XCTUnwrap(events.last?["verdicts"] as? [String: String])
        XCTAssertEqual(final["goroutines"], "leaking", result.stdout)
        let samples = events.filter { $0["event"] as? String == "sample" }
        XCTAssertGreaterThan(samples.count, 50)
        for sample in samples {
            let values = try XCTUnwrap(sample["values"] as? [String: Double])
            XCTAssertEqual(Set(values.keys), ["heap_inuse_bytes", "goroutines"])
        }
        // the capture names the send that blocks, as `seep goroutines` does
        let captured = try XCTUnwrap(events.first { $0["event"] as? String == "capture" }, result.stdout)
        let suspect = try XCTUnwrap(captured["suspect"] as? [String: Any], "\(captured)")
        let fanout = try String(contentsOf: SeepProcess.repository.appendingPathComponent("examples/agent/fanout.go"), encoding: .utf8)
        let sendLine = fanout.components(separatedBy: "\n").firstIndex { $0.contains("ch <- s") }! + 1
        XCTAssertEqual(suspect["function"] as? String, "main.(*hub).broadcastLeaky.func1")
        XCTAssertEqual(suspect["line"] as? Int, sendLine)
        let files = try XCTUnwrap(captured["files"] as? [String])
        XCTAssertEqual(files.count, 2)
        for file in files { XCTAssertTrue(FileManager.default.fileExists(atPath: file), file) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: capture).filter { $0.hasSuffix(".partial") }, [])
        let page = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(page.contains("<h2>goroutines: <span class=\"leaking\">leaking</span></h2>"), page)
        XCTAssertEqual(page.components(separatedBy: "<svg").count - 1, 2)
        XCTAssertTrue(page.contains("capture: "), "the report lists the capture")

        let fixed = try RunningAgent(["-interval", "20ms", "-leak", "none", "-subscribers", "4", "-lifetime", "5"])
        defer { fixed.stop() }
        let calm = try SeepProcess.run(["watch", fixed.base, "--duration", "6s"] + fast)
        let verdicts = try XCTUnwrap(lines(calm.stdout).last?["verdicts"] as? [String: String], calm.stdout + calm.stderr)
        XCTAssertEqual(verdicts["goroutines"], "stable", calm.stdout)
    }

    func testAWatchAcrossARestartKnowsTheLeakByTheLifetimeBefore() throws {
        // the fanout agent leaks goroutines from its start; restarted, the same build, on the
        // same address after 20 s (--same-build), its new lifetime's climb is judged against the
        // first one's. On this scale (a warm-up of 8 s) caches are told by their shape for 16 s
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let flags = ["-interval", "20ms", "-leak", "fanout", "-subscribers", "4", "-lifetime", "5"]
        let first = try RunningAgent(flags)
        defer { first.stop() }
        let output = directory.appendingPathComponent("out.jsonl")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let watch = Process()
        watch.executableURL = SeepProcess.executable
        watch.arguments = ["watch", first.base, "--duration", "36s", "--interval", "100ms", "--warm-up", "8s", "--window", "250ms",
                           "--same-build", "--format", "json"]
        watch.standardOutput = try FileHandle(forWritingTo: output)
        try watch.run()
        Thread.sleep(forTimeInterval: 20)
        first.stop()
        let second = try RunningAgent(["-addr", String(first.base.dropFirst("http://".count))] + flags)
        defer { second.stop() }
        watch.waitUntilExit()
        let events = try lines(String(decoding: try Data(contentsOf: output), as: UTF8.self))
        let restart = try XCTUnwrap(events.firstIndex { $0["event"] as? String == "restarted" }, "\(events.count) events")
        let verdict = try XCTUnwrap(events[restart...].first { $0["quantity"] as? String == "goroutines" && $0["verdict"] as? String == "leaking" },
                                    "no leak after the restart")
        let explanation = try XCTUnwrap(verdict["explanation"] as? String)
        XCTAssertTrue(explanation.contains("keeps pace with the lifetime before"), explanation)
    }

    func testAWatchKilledWithSIGKILLLosesNoReadingAndTheNextOneResumes() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let agent = try RunningAgent(["-interval", "50ms"])
        defer { agent.stop() }
        let store = directory.appendingPathComponent("watch.db").path
        let output = directory.appendingPathComponent("out.jsonl")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let watch = Process()
        watch.executableURL = SeepProcess.executable
        watch.arguments = ["watch", "pid:\(agent.pid)", "--store", store, "--interval", "20ms", "--format", "json"]
        watch.standardOutput = try FileHandle(forWritingTo: output)
        try watch.run()
        func printedSamples() throws -> Int {
            String(decoding: try Data(contentsOf: output), as: UTF8.self).components(separatedBy: "\"event\":\"sample\"").count - 1
        }
        let deadline = Date().addingTimeInterval(20)
        while try printedSamples() < 40 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        kill(watch.processIdentifier, SIGKILL)
        watch.waitUntilExit()
        XCTAssertEqual(watch.terminationReason, .uncaughtSignal)
        let reported = try printedSamples()
        XCTAssertGreaterThanOrEqual(reported, 40)

        let resumed = try SeepProcess.run(["watch", "pid:\(agent.pid)", "--store", store, "--duration", "300ms", "--interval", "100ms",
                                           "--format", "json"])
        XCTAssertEqual(resumed.status, 3, "not judged in 300 ms: " + resumed.stderr)
        let started = try XCTUnwrap(lines(resumed.stdout).first)
        // every reading printed before the kill was committed (one more may have been committed unprinted)
        let kept = try XCTUnwrap(started["resumed_samples"] as? Int)
        XCTAssertGreaterThanOrEqual(kept, reported)
        XCTAssertLessThanOrEqual(kept, reported + 1)
    }

    func testPrometheusMetricsFromARealServer() throws {
        let server = try RunningPrometheus()
        defer { server.stop() }
        let url = server.url + "/metrics"

        let result = try SeepProcess.run(["watch", url, "--duration", "2s", "--interval", "250ms", "--format", "json"])
        XCTAssertEqual(result.status, 3, "not judged in 2 s: " + result.stderr)
        let events = try lines(result.stdout)
        XCTAssertEqual(events.first?["source"] as? String, "\(url) (prometheus)")
        let samples = events.filter { $0["event"] as? String == "sample" }
        XCTAssertGreaterThanOrEqual(samples.count, 4)
        for sample in samples {
            let values = try XCTUnwrap(sample["values"] as? [String: Double])
            XCTAssertEqual(Set(values.keys), ["heap_inuse_bytes", "rss_bytes", "goroutines"])
            XCTAssertGreaterThan(values["rss_bytes"] ?? 0, 1_000_000)
            XCTAssertTrue((sample["instance"] as? String)?.hasPrefix("started ") ?? false, "\(sample)")
        }
    }

    func testBadTargetsAndOptionsAreClearErrors() throws {
        let missing = try SeepProcess.run(["watch", "pid:999999999"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "seep: pid:999999999: no such process\n")
        let refused = try SeepProcess.run(["watch", "http://127.0.0.1:9/"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.hasPrefix("seep: cannot reach http://127.0.0.1:9/debug/vars: "), refused.stderr)
        let duration = try SeepProcess.run(["watch", "pid:1", "--interval", "soon"])
        XCTAssertEqual(duration.status, 2)
        XCTAssertTrue(duration.stderr.contains("--interval: 'soon' is not a duration"), duration.stderr)
        let none = try SeepProcess.run(["watch"])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("give one target"), none.stderr)
        let store = try SeepProcess.run(["watch", "pid:1", "--store", "/no/such/dir/watch.db", "--duration", "1s"])
        XCTAssertEqual(store.status, 2)
        XCTAssertTrue(store.stderr.hasPrefix("seep: /no/such/dir/watch.db: "), store.stderr)
        let command = try SeepProcess.run(["watch", "--duration", "1s", "--", "/no/such/program"])
        XCTAssertEqual(command.status, 2)
        XCTAssertTrue(command.stderr.hasPrefix("seep: /no/such/program: cannot start"), command.stderr)
    }

    func testACommandIsStartedAndWatchedUntilItExits() throws {
        let result = try SeepProcess.run(["watch", "--interval", "50ms", "--", "/bin/sleep", "1"])
        XCTAssertEqual(result.status, 3, "not judged in a second: " + result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("watching pid "), result.stdout)
        XCTAssertTrue(result.stdout.contains("stopped (/bin/sleep exited with status 0) after "), result.stdout)
    }
}
