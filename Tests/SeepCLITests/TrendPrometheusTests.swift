import Foundation
import XCTest

/// `seep trend --prometheus` against a real Prometheus server whose history was backfilled
/// with promtool: two days of a service with a daily cycle, with and without a late leak
/// (`SyntheticHistory`).
final class TrendPrometheusTests: XCTestCase {
    private func history(now: Int) -> String {
        SyntheticHistory.openMetrics(metric: "svc_heap_bytes", level: 200e6, job: "svc", now: now)
    }

    private func judge(_ server: RunningPrometheus, _ query: String, _ extra: [String] = []) throws -> (Int32, [String: Any], String) {
        let result = try SeepProcess.run(["trend", "--prometheus", server.url, "--query", query, "--format", "json"] + extra)
        let document = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        return (result.status, document, result.stderr)
    }

    func testTwoDaysOfHistoryTellADailyCycleFromALeak() throws {
        let server = try RunningPrometheus(history: history(now: Int(Date().timeIntervalSince1970)))
        defer { server.stop() }

        let (cleanStatus, clean, cleanError) = try judge(server, #"svc_heap_bytes{instance="clean"}"#)
        XCTAssertEqual(cleanStatus, 0, cleanError)
        XCTAssertNotEqual(clean["verdict"] as? String, "leaking", "\(clean)")

        let (leakyStatus, leaky, leakyError) = try judge(server, #"svc_heap_bytes{instance="leaky"}"#)
        XCTAssertEqual(leakyStatus, 1, leakyError)
        XCTAssertEqual(leaky["verdict"] as? String, "leaking")
        XCTAssertTrue((leaky["explanation"] as? String ?? "").contains("above the same hours 24.0 hours earlier"), "\(leaky)")
        XCTAssertEqual(leaky["percent_per_hour"] as? Double ?? 0, 2, accuracy: 1)
        XCTAssertTrue((leaky["since"] as? String ?? "").hasSuffix("Z"), "times as RFC 3339: \(leaky)")

        // --each: which instance leaks
        let each = try SeepProcess.run(["trend", "--prometheus", server.url, "--query", "svc_heap_bytes", "--each", "--format", "json"])
        XCTAssertEqual(each.status, 1, each.stderr)
        let documents = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(each.stdout.utf8)) as? [[String: Any]], each.stdout)
        XCTAssertEqual(documents.map { $0["series"] as? String }, [#"svc_heap_bytes{instance="clean",job="svc"}"#, #"svc_heap_bytes{instance="leaky",job="svc"}"#])
        XCTAssertEqual(documents.map { $0["verdict"] as? String }, [clean["verdict"] as? String, "leaking"])
        XCTAssertNil(clean["series"], "one series, one document as before")
        let text = try SeepProcess.run(["trend", "--prometheus", server.url, "--query", "svc_heap_bytes", "--each"])
        XCTAssertTrue(text.stdout.hasPrefix("svc_heap_bytes{instance=\"clean\",job=\"svc\"}\n  "), text.stdout)
        XCTAssertTrue(text.stdout.hasSuffix("2 series: 1 leaking, 1 \(clean["verdict"] as? String ?? "")\n"), text.stdout)

        let page = try SeepProcess.run(["trend", "--prometheus", server.url, "--query", "svc_heap_bytes", "--each", "--format", "html"])
        XCTAssertEqual(page.status, 1, page.stderr)
        XCTAssertEqual(page.stdout.components(separatedBy: "<h2>svc_heap_bytes{").count - 1, 2, "a chart a series")
        XCTAssertTrue(page.stdout.contains(#"instance=&quot;leaky&quot;,job=&quot;svc&quot;}: <span class="leaking">leaking</span>"#), page.stdout)

        // without the history the cycle's rise from its trough 6 hours ago is all there is to
        // see: what a watch's first day says
        let (shortStatus, short, _) = try judge(server, #"svc_heap_bytes{instance="clean"}"#, ["--range", "8h"])
        XCTAssertEqual(shortStatus, 1, "\(short)")
        XCTAssertTrue((short["explanation"] as? String ?? "").contains("not yet checked against a daily cycle"), "\(short)")
    }

    func testASavedRangeQueryAnswerIsASeriesFileToo() throws {
        let server = try RunningPrometheus(history: history(now: Int(Date().timeIntervalSince1970)))
        defer { server.stop() }
        let end = Int(Date().timeIntervalSince1970)
        let query = #"svc_heap_bytes{instance="leaky"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let answer = try Data(contentsOf: URL(string: "\(server.url)/api/v1/query_range?query=\(query)&start=\(end - 48 * 3600)&end=\(end)&step=30")!)
        let tree = try workspace(["answer.json": String(decoding: answer, as: UTF8.self)])
        let result = try SeepProcess.run(["trend", "answer.json"], in: tree)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("leaking: "), result.stdout)
    }

    func testASavedAnswerOfGoroutinesIsChartedInGoroutines() throws {
        // two instances' go_goroutines, saved from a range query: the page's axes count
        // goroutines, not bytes
        func series(_ instance: String, _ value: (Int) -> Int) -> String {
            let values = (0..<600).map { "[\(1_790_000_000 + $0 * 60),\"\(value($0))\"]" }.joined(separator: ",")
            return #"{"metric":{"__name__":"go_goroutines","instance":""# + instance + #""},"values":["# + values + "]}"
        }
        let answer = #"{"status":"success","data":{"resultType":"matrix","result":["#
            + series("a", { 40 + $0 % 3 }) + "," + series("b", { 40 + $0 / 10 }) + "]}}"
        let tree = try workspace(["answer.json": answer])
        let page = try SeepProcess.run(["trend", "--each", "--format", "html", "answer.json"], in: tree)
        XCTAssertEqual(page.status, 1, page.stderr)
        XCTAssertTrue(page.stdout.contains("go_goroutines{instance=&quot;b&quot;}"), page.stdout)
        XCTAssertFalse(page.stdout.contains(" B<") || page.stdout.contains("iB<"), "axes in bytes")
    }

    func testQueriesThatCannotBeJudgedAreClearErrors() throws {
        let server = try RunningPrometheus(history: history(now: Int(Date().timeIntervalSince1970)))
        defer { server.stop() }
        let cases: [(String, [String], String)] = [
            ("svc_heap_bytes", [], #"the query gave 2 series (svc_heap_bytes{instance="clean",job="svc"}, svc_heap_bytes{instance="leaky",job="svc"}); narrow it"#),
            (#"svc_heap_bytes{instance="gone"}"#, [], "the query matched no series"),
            ("rate(svc_heap_bytes", [], "Prometheus answered error: bad_data: "),
            ("svc_heap_bytes", ["--step", "1s"], "more than the 11,000 points a series Prometheus answers"),
        ]
        for (query, extra, message) in cases {
            let (status, _, stderr) = try judge(server, query, extra)
            XCTAssertEqual(status, 2, query)
            XCTAssertTrue(stderr.hasPrefix("seep: ") && stderr.contains(message), "\(query): \(stderr)")
        }
        let csv = try workspace(["series.csv": "1,2\n2,3\n"])
        let notAnswer = try SeepProcess.run(["trend", "--each", "series.csv"], in: csv)
        XCTAssertEqual(notAnswer.status, 2)
        XCTAssertEqual(notAnswer.stderr, "seep: series.csv: --each judges each series of a Prometheus range query's answer, and this is not one\n")
        let refused = try SeepProcess.run(["trend", "--prometheus", "http://127.0.0.1:9", "--query", "up"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("connection refused"), refused.stderr)
        let notPrometheus = try SeepProcess.run(["trend", "--prometheus", server.url + "/metrics", "--query", "up"])
        XCTAssertEqual(notPrometheus.status, 2)
        XCTAssertTrue(notPrometheus.stderr.contains("HTTP 404") && notPrometheus.stderr.contains("a Prometheus server?"), notPrometheus.stderr)
        for (arguments, message) in [(["trend"], "give one source"), (["trend", "--prometheus", server.url], "--prometheus needs --query"),
                                     (["trend", "x.csv", "--query", "up"], "--query goes with --prometheus"),
                                     (["trend", "--prometheus", server.url, "--query", "up", "--range", "soon"], "--range: 'soon' is not a duration")] {
            let result = try SeepProcess.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
