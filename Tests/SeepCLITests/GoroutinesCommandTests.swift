import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// `seep goroutines` against the real example agent, leaking, over HTTP.
final class GoroutinesCommandTests: XCTestCase {
    private func get(_ url: String) throws -> Data {
        try Data(contentsOf: URL(string: url)!)
    }

    private func pending(_ base: String) throws -> Int {
        let vars = try XCTUnwrap(JSONSerialization.jsonObject(with: try get(base + "/debug/vars")) as? [String: Any])
        return try XCTUnwrap(vars["sends_pending"] as? Int)
    }

    func testTheTopSuspectIsTheAgentsSendLineWithTheCountItReports() throws {
        // samples every 20 ms; 3 of 4 subscribers go away after 5 samples, so sends pile up
        let agent = try RunningAgent(["-interval", "20ms", "-leak", "fanout", "-subscribers", "4", "-lifetime", "5"])
        defer { agent.stop() }
        let base = agent.base
        // wait until a few hundred sends are stuck
        let deadline = Date().addingTimeInterval(20)
        while try pending(base) < 200 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }

        let sampler = try String(contentsOf: SeepProcess.repository.appendingPathComponent("examples/agent/fanout.go"), encoding: .utf8)
        let sendLine = sampler.components(separatedBy: "\n").firstIndex { $0.contains("ch <- s") }! + 1
        for input in [base, base + "/debug/pprof/goroutine?debug=1", base + "/debug/pprof/goroutine?debug=0"] {
            let before = try pending(base)
            let result = try SeepProcess.run(["goroutines", "--format", "json", input])
            let after = try pending(base)
            XCTAssertEqual(result.status, 1, input + result.stderr)
            let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let top = try XCTUnwrap((document["groups"] as? [[String: Any]])?.first, input)
            XCTAssertEqual(top["suspect"] as? Bool, true, input)
            let site = try XCTUnwrap(top["site"] as? [String: Any])
            XCTAssertEqual(site["function"] as? String, "main.(*hub).broadcastLeaky.func1", input)
            XCTAssertEqual(site["line"] as? Int, sendLine, input)
            // the agent's own count of sends started and not delivered, read around the dump
            let count = try XCTUnwrap(top["count"] as? Int)
            XCTAssertGreaterThanOrEqual(count, before - 5, input)
            XCTAssertLessThanOrEqual(count, after + 5, input)
        }
    }

    func testUnreachableAndBadInputsAreClearErrors() throws {
        let refused = try SeepProcess.run(["goroutines", "--timeout", "2", "http://127.0.0.1:9/"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.hasPrefix("seep: http://127.0.0.1:9/debug/pprof/goroutine?debug=2: "), refused.stderr)
        let missing = try SeepProcess.run(["goroutines", "/no/such/dump.txt"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("No such file or directory"), missing.stderr)
        let garbage = try workspace(["junk.bin": "\u{0}\u{1}\u{2}garbage"])
        let result = try SeepProcess.run(["goroutines", garbage.appendingPathComponent("junk.bin").path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("binary data that is neither a pprof profile nor a goroutine dump"), result.stderr)
    }

    func testComparingSnapshotsShowsGrowth() throws {
        let testdata = SeepProcess.repository.appendingPathComponent("Tests/GoroutinesTests/testdata").path
        let result = try SeepProcess.run(["goroutines", "--format", "json", testdata + "/dumpgen.stack.txt", testdata + "/dumpgen.panic.txt"])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((document["snapshots"] as? [[String: Any]])?.count, 2)
        let groups = try XCTUnwrap(document["groups"] as? [[String: Any]])
        XCTAssertTrue(groups.allSatisfy { ($0["growth"] as? [String: Any])?["counts"] != nil })
    }
}

final class GoroutinesOutputTests: XCTestCase {
    func testSourceShowsTheBlockingLineAndHTMLIsOnePage() throws {
        let dump = "Tests/GoroutinesTests/testdata/agent-fanout.debug2.txt"
        let text = try SeepProcess.run(["goroutines", "--source", "examples/agent", dump])
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stdout.contains("        ch <- s\n"), text.stdout)
        let html = try SeepProcess.run(["goroutines", "--format", "html", dump])
        XCTAssertTrue(html.stdout.hasPrefix("<!doctype html>"))
        XCTAssertTrue(html.stdout.contains("main.(*hub).broadcastLeaky.func1"))
        XCTAssertFalse(html.stdout.contains("<script"), "self-contained, no scripts")
        XCTAssertTrue(html.stdout.hasSuffix("</html>\n"))
    }

    func testTheTreeShowsWhoStartedTheStuckGoroutines() throws {
        let dump = "Tests/GoroutinesTests/testdata/agent-fanout.ancestors.txt"
        let text = try SeepProcess.run(["goroutines", "--tree", dump])
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stdout.contains("""
            └─ 1 (52)  main.(*hub).run  fanout.go:36  [chan receive]
               └─ 51  main.(*hub).broadcastLeaky.func1  fanout.go:55  [chan send]  ← leak suspect
            """), text.stdout)
        let json = try SeepProcess.run(["goroutines", "--tree", "--format", "json", dump])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let groups = try XCTUnwrap(document["groups"] as? [[String: Any]])
        let parent = try XCTUnwrap(groups[0]["parent"] as? Int)
        XCTAssertEqual((groups[parent]["site"] as? [String: Any])?["function"] as? String, "main.(*hub).run")
        // without --tree the key is there, null
        let plain = try SeepProcess.run(["goroutines", "--format", "json", dump])
        XCTAssertTrue(plain.stdout.contains("\"parent\" : null"), plain.stdout)
    }

    func testStandardInputIsRead() throws {
        let dump = SeepProcess.repository.appendingPathComponent("Tests/GoroutinesTests/testdata/dumpgen.stack.txt").path
        let result = try SeepProcess.run(["goroutines", "--format", "json", "-"], stdinFile: dump)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"name\" : \"stdin\""))
    }
}
