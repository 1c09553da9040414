import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Prometheus from Debian's package (scripts/setup installs it), on a free port, with a data
/// directory of its own that a test may first fill with history (`backfill`).
final class RunningPrometheus {
    let process = Process()
    /// `http://127.0.0.1:PORT`
    let url: String
    let directory: URL

    /// `scrapingItself`: Prometheus also scrapes its own /metrics every second (job `self`,
    /// instance `127.0.0.1:PORT`), as it would a Go service.
    init(history openMetrics: String? = nil, scrapingItself: Bool = false) throws {
        guard let binary = RunningPrometheus.tool("prometheus") else { throw XCTSkip("prometheus is not installed (scripts/setup installs it)") }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("seep-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = directory.appendingPathComponent("data")
        if let openMetrics { try RunningPrometheus.backfill(openMetrics, into: data, scratch: directory) }
        let config = directory.appendingPathComponent("prometheus.yml")
        let port = try RunningPrometheus.freePort()
        var settings = "global:\n  scrape_interval: 15s\n"
        if scrapingItself {
            settings += "scrape_configs:\n  - job_name: self\n    scrape_interval: 1s\n    static_configs:\n      - targets: ['127.0.0.1:\(port)']\n"
        }
        try Data(settings.utf8).write(to: config)
        url = "http://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: binary)
        // retention longer than the history, or the backfilled blocks are deleted at start
        process.arguments = ["--config.file=\(config.path)", "--storage.tsdb.path=\(data.path)", "--storage.tsdb.retention.time=30d",
                             "--web.listen-address=127.0.0.1:\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while (try? Data(contentsOf: URL(string: url + "/-/ready")!)) == nil {
            guard Date() < deadline, process.isRunning else {
                stop()
                // installed but not serving: a failure, not a skip (CI would pass without the test)
                throw NotReady()
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    struct NotReady: Error, CustomStringConvertible {
        var description: String { "prometheus is installed but did not become ready within 60 s" }
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `openMetrics` (samples with Unix-second timestamps, ending in `# EOF`) as TSDB
    /// blocks, the way an operator backfills history.
    static func backfill(_ openMetrics: String, into data: URL, scratch: URL) throws {
        guard let promtool = tool("promtool") else { throw XCTSkip("promtool is not installed (it comes with prometheus)") }
        let input = scratch.appendingPathComponent("history.om")
        try Data(openMetrics.utf8).write(to: input)
        let run = Process()
        run.executableURL = URL(fileURLWithPath: promtool)
        run.arguments = ["tsdb", "create-blocks-from", "openmetrics", input.path, data.path]
        run.standardOutput = FileHandle.nullDevice
        try run.run()
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 0, "promtool could not backfill the history")
    }

    private static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first(where: FileManager.default.isExecutableFile)
    }

    /// A port nothing listens on: the kernel's pick for a socket bound to port 0.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw XCTSkip("cannot open a socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw XCTSkip("cannot bind a socket") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
