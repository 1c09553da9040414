import Foundation
import XCTest

/// What Seep reads can come from an attacker (a dump, a pull request's files, a URL in a CI
/// variable): it never reads a file the input names outside the place the user gave, never
/// shows a URL's password, and never writes raw control characters to a terminal.
final class UntrustedInputTests: XCTestCase {
    private let dump = SeepProcess.repository.appendingPathComponent("Tests/GoroutinesTests/testdata/agent-fanout.debug2.txt")

    /// The agent's dump with the leaking send's frame pointing at `file`, line 1.
    private func dump(naming file: String, in directory: URL) throws -> String {
        let text = try String(contentsOf: dump, encoding: .utf8)
            .replacingOccurrences(of: "/work/main/examples/agent/fanout.go:55", with: file + ":1")
        let path = directory.appendingPathComponent("dump-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testSourceReadsOnlyRegularFilesInsideItsDirectory() throws {
        let space = try workspace(["src/main.go": "package main\n\nfunc main() {}\n"])
        let source = space.appendingPathComponent("src").path
        // a link inside the directory to a file outside it, and a FIFO inside it
        try FileManager.default.createSymbolicLink(atPath: source + "/passwd.go", withDestinationPath: "/etc/passwd")
        XCTAssertEqual(mkfifo(source + "/fifo.go", 0o600), 0)
        let secret = try String(contentsOfFile: "/etc/passwd", encoding: .utf8).split(separator: "\n")[0]
        for named in ["/etc/passwd", source + "/../../../../../../etc/passwd", source + "/passwd.go", "passwd.go",
                      source + "/fifo.go", "/dev/zero"] {
            let result = try SeepProcess.run(["goroutines", "--source", source, try dump(naming: named, in: space)], timeout: 60)
            XCTAssertEqual(result.status, 1, named + result.stderr)
            XCTAssertFalse(result.stdout.contains(secret), named)
            XCTAssertTrue(result.stdout.contains(named + ":1"), "the site is still named: " + result.stdout)
        }
        // a file inside the directory is still read, by its path's tail
        let inside = try SeepProcess.run(["goroutines", "--source", source, try dump(naming: "/elsewhere/src/main.go", in: space)])
        XCTAssertTrue(inside.stdout.contains("        package main\n"), inside.stdout)
        let missing = try SeepProcess.run(["goroutines", "--source", space.appendingPathComponent("none").path, dump.path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("is not a directory"), missing.stderr)
    }

    func testURLCredentialsAuthenticateAndAreNeverShownOrStored() throws {
        let agent = try RunningAgent(["-interval", "20ms", "-leak", "fanout", "-basic-auth", "ops:s3cr3t-word"])
        defer { agent.stop() }
        let port = agent.base.dropFirst("http://".count)
        let withCredentials = "http://ops:s3cr3t-word@\(port)"
        let refused = try SeepProcess.run(["goroutines", agent.base])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("HTTP 401"), refused.stderr)

        for format in ["text", "json", "html"] {
            let read = try SeepProcess.run(["goroutines", "--format", format, withCredentials])
            XCTAssertNotEqual(read.status, 2, read.stderr)
            XCTAssertFalse(read.stdout.contains("s3cr3t"), format)
        }
        let text = try SeepProcess.run(["goroutines", withCredentials])
        XCTAssertTrue(text.stdout.hasPrefix("http://ops:xxxxx@\(port)/debug/pprof/goroutine?debug=2: "), text.stdout)
        let wrong = try SeepProcess.run(["goroutines", "http://ops:wrong-s3cr3t@\(port)"])
        XCTAssertTrue(wrong.stderr.contains("http://ops:xxxxx@") && !wrong.stderr.contains("s3cr3t"), wrong.stderr)

        let space = try workspace([:])
        let store = space.appendingPathComponent("watch.db").path
        let report = space.appendingPathComponent("watch.html").path
        let capture = space.appendingPathComponent("evidence").path
        for format in ["text", "json"] {
            let watched = try SeepProcess.run(["watch", withCredentials, "--interval", "100ms", "--duration", "1s", "--format", format,
                                              "--store", store, "--report", report, "--capture", capture])
            XCTAssertEqual(watched.status, 3, "read, but not judged in a second: " + watched.stderr)
            XCTAssertFalse((watched.stdout + watched.stderr).contains("s3cr3t"), watched.stdout)
            XCTAssertTrue(watched.stdout.contains("ops:xxxxx@"), watched.stdout)
        }
        for file in [store, report] {
            XCTAssertFalse(try Data(contentsOf: URL(fileURLWithPath: file)).range(of: Data("s3cr3t".utf8)) != nil, file)
        }
        // the store reads back under the name it was stored with
        let trend = try SeepProcess.run(["trend", store])
        XCTAssertNotEqual(trend.status, 2, trend.stderr)
    }

    func testBadURLsAndNumbersAreUsageErrorsNotCrashes() throws {
        let cases: [[String]] = [
            ["goroutines", "http://127.0.0.1:99999"],
            ["goroutines", "http://:80/"],
            ["goroutines", "--timeout", "nan", "http://127.0.0.1:9"],
            ["watch", "http://127.0.0.1:99999", "--duration", "1s"],
            ["watch", "pid:1", "--pprof", "http://127.0.0.1:70000", "--duration", "1s"],
            ["trend", "--prometheus", "http://127.0.0.1:99999", "--query", "up"],
            ["trend", "--prometheus", "http://127.0.0.1:9", "--query", "up", "--range", "inf"],
            ["trend", "--prometheus", "http://127.0.0.1:9", "--query", "up", "--range", "99999999999999999999h"],
            ["trend", "--prometheus", "http://127.0.0.1:9", "--query", "up", "--timeout", "1e300"],
            ["trend", "/tmp"],
            ["trend", "/dev/zero"],
        ]
        for arguments in cases {
            let result = try SeepProcess.run(arguments, timeout: 60)
            XCTAssertEqual(result.status, 2, arguments.joined(separator: " ") + result.stderr)
            XCTAssertFalse(result.stderr.isEmpty, arguments.joined(separator: " "))
        }
    }

    func testARecordedSeriesTooLargeToJudgeInBoundedMemoryIsRefused() throws {
        var rows = "time,value\n"
        for index in 0..<500_000 { rows += "\(1_700_000_000 + 10 * index),\(1_000_000 + index % 5000)\n" }
        let space = try workspace(["rows.csv": rows])
        let path = space.appendingPathComponent("rows.csv").path
        for arguments in [["trend", path], ["trend", "-"]] {
            let result = try SeepProcess.run(arguments, stdinFile: path, timeout: 60)
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains("over the 8 MiB a recorded series may have"), result.stderr)
        }
    }

    func testLintReadsOnlyRegularFilesAndEscapesWhatItPrints() throws {
        let space = try workspace([:])
        let fifo = space.appendingPathComponent("x.go").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let device = space.appendingPathComponent("zero.go").path
        try FileManager.default.createSymbolicLink(atPath: device, withDestinationPath: "/dev/zero")
        let result = try SeepProcess.run(["lint", fifo, device], timeout: 60)
        XCTAssertEqual(result.status, 0, "skipped, with a warning each")
        XCTAssertTrue(result.stderr.contains("seep: warning: \(fifo): is a FIFO, not a regular file; not read"), result.stderr)
        XCTAssertTrue(result.stderr.contains("is a device, not a regular file"), result.stderr)

        // a file over the size limit is skipped with a warning; the limit can be raised
        let large = try workspace(["big.go": LintCommandTests.leaky + "// " + String(repeating: "x", count: 3000) + "\n"])
        let skipped = try SeepProcess.run(["lint", "--max-file-size", "2KiB", "."], in: large)
        XCTAssertEqual(skipped.status, 0)
        XCTAssertTrue(skipped.stderr.contains("big.go: 3.1 KiB is over the limit of 2 KiB (--max-file-size); not read"), skipped.stderr)
        XCTAssertEqual(try SeepProcess.run(["lint", "--max-file-size", "1MiB", "."], in: large).status, 1)
        try "max-file-size: 2KiB\n".write(to: large.appendingPathComponent(".seep.yml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try SeepProcess.run(["lint", "."], in: large).status, 0)
        XCTAssertEqual(try SeepProcess.run(["lint", "--max-file-size", "2", "."], in: large).status, 0)
        XCTAssertEqual(try SeepProcess.run(["lint", "--max-file-size", "huge", "."], in: large).status, 2)

        // a file name and a source line with escape sequences (a raw string may hold any byte)
        let hostile = try workspace(["\u{1B}]0;owned\u{7}.go": """
            package p

            import "os"

            func f(paths []string) {
            \tfor _, p := range paths {
            \t\tf, _ := os.Open(p) // \u{1B}[2J\u{1B}[H
            \t\tdefer f.Close()
            \t}
            \tfor {
            \t\tg, _ := os.Open(`\u{1B}[31m`)
            \t\tdefer g.Close() // \u{1B}[2J\u{1B}[H
            \t}
            }

            """])
        for format in ["text", "full"] {
            let linted = try SeepProcess.run(["lint", "--format", format, "."], in: hostile)
            XCTAssertEqual(linted.status, 1, linted.stdout + linted.stderr)
            XCTAssertFalse(linted.stdout.contains("\u{1B}"), format + ": " + linted.stdout)
            XCTAssertTrue(linted.stdout.contains("\\x1b]0;owned\\x07.go:"), format + ": " + linted.stdout)
        }
    }

    func testAHostileDumpReachesTheTerminalEscaped() throws {
        let space = try workspace([:])
        let text = try String(contentsOf: dump, encoding: .utf8)
            .replacingOccurrences(of: "main.(*hub).broadcastLeaky.func1", with: "main.\u{1B}[2J\u{1B}]0;x\u{7}evil")
        let path = space.appendingPathComponent("dump.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        for arguments in [["goroutines", path], ["goroutines", "--all", "--tree", path]] {
            let result = try SeepProcess.run(arguments)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertFalse(result.stdout.contains("\u{1B}"), result.stdout)
            XCTAssertTrue(result.stdout.contains("main.\\x1b[2J\\x1b]0;x\\x07evil"), result.stdout)
        }
    }
}

final class DeepCreationChainTests: XCTestCase {
    /// Goroutine N+1 created by goroutine N, 20,000 deep (it overflowed the stack at 10,000), each at its own line (its own group).
    func testADeepCreationChainIsDrawnInTimeAndWithoutOverflow() throws {
        let depth = 20_000  // the most distinct stacks a dump is grouped in
        var text = ""
        for id in 1...depth {
            text += "goroutine \(id) [chan receive]:\nmain.step()\n\t/src/main.go:\(id) +0x1d\n"
            if id > 1 { text += "created by main.step in goroutine \(id - 1)\n\t/src/main.go:\(id - 1) +0x2e\n" }
            text += "\n"
        }
        let space = try workspace(["chain.txt": text])
        let path = space.appendingPathComponent("chain.txt").path
        let result = try SeepProcess.run(["goroutines", "--all", "--tree", path], timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("1 (\(depth))  main.step  main.go:1  [chan receive]\n"), String(result.stdout.suffix(2000)))
        XCTAssertTrue(result.stdout.contains("… depth \(depth - 1): 1  main.step  main.go:\(depth)  [chan receive]\n"))
        // the indent stops growing: no line is longer than the deepest drawn level's
        let longest = result.stdout.split(separator: "\n").map(\.count).max() ?? 0
        XCTAssertLessThan(longest, 200)
    }
}

/// The analyses grow with the code, not with its square: shapes that took minutes finish
/// (the time limit guards against a hang; it is no benchmark).
final class LargeFunctionTests: XCTestCase {
    func testThousandsOfDefersAndChannelsInOneFunctionAreLintedLinearly() throws {
        var defers = "package p\n\nimport \"os\"\n\nfunc f(paths []string) {\n"
        for index in 0..<20_000 {
            defers += "\tfor _, p := range paths {\n\t\tf\(index), _ := os.Open(p)\n\t\tdefer f\(index).Close()\n\t}\n"
        }
        var channels = "package p\n\nimport \"time\"\n\nfunc g() int {\n"
        for index in 0..<3_000 {
            channels += """
                \tch\(index) := make(chan int)
                \tgo func() { ch\(index) <- \(index) }()
                \tselect {
                \tcase v := <-ch\(index):
                \t\t_ = v
                \tcase <-time.After(time.Second):
                \t\treturn 0
                \t}

                """
        }
        let space = try workspace(["defers.go": defers + "}\n", "channels.go": channels + "\treturn 1\n}\n"])
        let result = try SeepProcess.run(["lint", "--select", "L1,L2", "--format", "json", "."], in: space, timeout: 300)
        XCTAssertEqual(result.status, 1, result.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(document["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.filter { $0["code"] as? String == "L102" }.count, 20_000, "loops over a slice: the opt-in rule")
        // each goroutine's send is abandoned when the timer fires first
        XCTAssertEqual(findings.filter { $0["code"] as? String == "L202" }.count, 3_000)
    }

    func testTwentyThousandDefersInOneEndlessSelectLoopAreLintedLinearlyWithOneFix() throws {
        // one `for { select { … } }` with 20,000 cases, each deferring a Close: each loop's
        // questions are answered once, and the fix (which wraps the whole body) is offered
        // once; it was offered per defer, and this took 24 GB and was killed
        var cases = ""
        for index in 0..<20_000 {
            cases += "\t\tcase v := <-ch\(index % 5):\n\t\t\tf\(index) := open(v)\n\t\t\tdefer f\(index).Close()\n"
        }
        let source = "package p\n\nfunc f(ch0, ch1, ch2, ch3, ch4 chan int, done chan bool) {\n\tfor {\n\t\tselect {\n\t\tcase <-done:\n\t\t\treturn\n"
            + cases + "\t\t}\n\t}\n}\n\nfunc open(int) interface{ Close() } { return nil }\n"
        let space = try workspace(["select.go": source])
        let result = try SeepProcess.run(["lint", "--format", "json", "."], in: space, timeout: 300)
        XCTAssertEqual(result.status, 1, result.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(document["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.filter { $0["code"] as? String == "L101" }.count, 20_000)
        XCTAssertEqual(findings.filter { !(($0["fixes"] as? [Any]) ?? []).isEmpty }.count, 1, "one fix for the loop")
    }
}
