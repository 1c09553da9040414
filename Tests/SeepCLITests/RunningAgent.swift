import Foundation
import XCTest

/// examples/agent, built once per test run with the Go toolchain (scripts/setup installs it)
/// and started on a free port.
final class RunningAgent {
    let process = Process()
    /// `http://127.0.0.1:PORT`
    let base: String

    init(_ arguments: [String]) throws {
        process.executableURL = try RunningAgent.binary()
        process.arguments = ["-addr", "127.0.0.1:0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // the agent prints its address first thing
        let banner = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        base = try XCTUnwrap(banner.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init), banner)
    }

    var pid: Int32 { process.processIdentifier }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: URL?

    static func binary() throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("seep-agent-\(UUID().uuidString)")
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["go", "build", "-o", output.path, "."]
        build.currentDirectoryURL = SeepProcess.repository.appendingPathComponent("examples/agent")
        var environment = ProcessInfo.processInfo.environment
        environment["GOFLAGS"] = "-mod=mod"
        if environment["GOCACHE"] == nil { environment["GOCACHE"] = SeepProcess.repository.appendingPathComponent(".build-tools/go-cache").path }
        build.environment = environment
        try build.run()
        build.waitUntilExit()
        guard build.terminationStatus == 0 else {
            throw XCTSkip("cannot build examples/agent: is Go installed? (scripts/setup installs it)")
        }
        built = output
        // one binary serves the whole run; it goes when the test process exits
        atexit { if let built = RunningAgent.built { try? FileManager.default.removeItem(at: built) } }
        return output
    }
}
