import Foundation
import XCTest

/// However a watch ends, it leaves nothing running and, when it can, says its last word.
final class WatchEndingTests: XCTestCase {
    private func start(_ arguments: [String], output: URL) throws -> Process {
        let process = Process()
        process.executableURL = SeepProcess.executable
        process.arguments = arguments
        FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        return process
    }

    /// The pid of the launched command once it runs (the watch's only child). Until it has
    /// been exec'd it is still setpriv, which may not yet have asked for its death signal: a
    /// watch killed in that instant leaves it behind, so the tests wait for the command itself.
    private func child(of parent: Int32) throws -> Int32 {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8),
               let pid = text.split(separator: " ").first.flatMap({ Int32($0) }),
               let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8), name != "setpriv\n" {
                return pid
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        struct NotStarted: Error {}
        XCTFail("the launched command did not show up in /proc/\(parent)/task/\(parent)/children")
        throw NotStarted()
    }

    private func waitGone(_ pid: Int32) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            // gone, or a zombie waiting for a parent that is gone too
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if stat.isEmpty || stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    func testAKilledWatchTakesItsCommandAlong() throws {
        let space = try workspace([:])
        let watch = try start(["watch", "--interval", "100ms", "--", "sleep", "300"], output: space.appendingPathComponent("out"))
        let command = try child(of: watch.processIdentifier)
        kill(watch.processIdentifier, SIGKILL)
        watch.waitUntilExit()
        XCTAssertTrue(waitGone(command), "sleep 300 outlived the watch that started it")
    }

    func testAHangUpWritesTheReportAndEndsTheCommand() throws {
        let space = try workspace([:])
        let report = space.appendingPathComponent("report.html").path
        let output = space.appendingPathComponent("out")
        let watch = try start(["watch", "--interval", "100ms", "--report", report, "--", "sleep", "300"], output: output)
        let command = try child(of: watch.processIdentifier)
        Thread.sleep(forTimeInterval: 1)
        kill(watch.processIdentifier, SIGHUP)
        watch.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8)
        XCTAssertEqual(watch.terminationReason, .exit, text)
        XCTAssertTrue(text.contains("stopped (interrupted)"), text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: report), text)
        XCTAssertTrue(waitGone(command))
    }
}
