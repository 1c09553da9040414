import Foundation
import Goroutines

/// What a watch keeps when it sees a leak: the service's goroutine dump and heap profile,
/// saved side by side, and the goroutine analysis of the dump, compared with the previous
/// capture when there is one (growth per site is the strongest evidence).
public final class EvidenceCapture {
    public struct Capture: Sendable {
        public let time: Double
        /// Paths of the files written.
        public let files: [String]
        public let goroutines: Int?
        /// The top leak suspect, if the dump has one.
        public let suspect: Suspect?
        /// What could not be captured, in words.
        public let problems: [String]
    }

    public struct Suspect: Sendable, Equatable {
        public let count: Int
        public let state: String
        public let function: String
        public let file: String
        public let line: Int
        public let reasons: [String]
    }

    public let directory: String
    public let root: URLComponents
    private let fetcher: HTTPFetcher
    private var previous: Snapshot?

    /// `service` is any URL of the service; profiles are asked for under its root.
    public init(directory: String, service: String, fetcher: HTTPFetcher) throws {
        self.directory = directory
        self.root = try PprofEndpoint.root(service)
        self.fetcher = fetcher
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SamplingFailure(.fatal, "\(directory): cannot create the capture directory (\(error.localizedDescription))")
        }
    }

    public func capture(at time: Double) -> Capture {
        let stamp = EvidenceCapture.stamp(time)
        var files: [String] = []
        var problems: [String] = []
        var snapshot: Snapshot?
        do {
            let dump = try fetcher.get(PprofEndpoint.url(root, path: "/debug/pprof/goroutine", query: "debug=2"),
                                       maxBytes: PprofEndpoint.maxDumpBytes)
            let path = "\(directory)/goroutines-\(stamp).txt"
            try save(dump.body, to: path)
            files.append(path)
            var read = try DumpReader.read(.bytes(dump.body), name: path, keepAllIDs: previous != nil)
            if dump.truncated { read.warnings.append("cut at \(PprofEndpoint.maxDumpBytes >> 20) MiB") }
            snapshot = read
        } catch {
            problems.append("goroutine dump: \(error)")
        }
        do {
            let heap = try fetcher.get(PprofEndpoint.url(root, path: "/debug/pprof/heap"), maxBytes: PprofEndpoint.maxDumpBytes)
            let path = "\(directory)/heap-\(stamp).pb.gz"
            try save(heap.body, to: path)
            files.append(path)
        } catch {
            problems.append("heap profile: \(error)")
        }
        var suspect: Suspect?
        if let snapshot {
            let report = GoroutineReport(snapshots: [previous, snapshot].compactMap { $0 })
            if let top = report.suspects.first, let site = top.group.site {
                suspect = Suspect(count: top.group.count, state: top.group.state, function: site.function, file: site.file,
                                  line: site.line, reasons: top.verdict.reasons)
            }
            previous = snapshot
        }
        return Capture(time: time, files: files, goroutines: snapshot?.goroutineCount, suspect: suspect, problems: problems)
    }

    /// Written under a temporary name and renamed: a capture directory never holds half a file.
    private func save(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw SamplingFailure(.fatal, "\(temporary): cannot write")
        }
        if rename(temporary, path) != 0 {
            throw SamplingFailure(.fatal, "\(path): cannot write (\(String(cString: strerror(errno))))")
        }
    }

    /// `20261130T101500Z`: sorts by time, safe in file names.
    static func stamp(_ time: Double) -> String {
        var seconds = time_t(time)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
