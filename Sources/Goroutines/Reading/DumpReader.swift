#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum DumpReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Threads for large plain dumps: one per core.
    public static var defaultThreads: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Opens a file for reading as a dump source.
    public static func open(path: String) throws -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure("\(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    /// Reads a whole input, detecting its format from its first bytes.
    public static func read(_ source: ByteSource, name: String, similarity: Similarity = .lines,
                            keepAllIDs: Bool = false, threads: Int = defaultThreads) throws -> Snapshot {
        let (head, source) = try peek(source)
        if head.starts(with: [0x1F, 0x8B]) || PprofReader.looksLikeProfile(head) {
            let bytes = try readAll(source)
            return try PprofReader.read(bytes, name: name, similarity: similarity)
        }
        if head.contains(0) && !String(decoding: head.prefix(512), as: UTF8.self).contains("goroutine") {
            throw Failure("\(name): binary data that is neither a pprof profile nor a goroutine dump")
        }
        var grouper = Grouper(similarity: similarity, keepAllIDs: keepAllIDs)
        var reader = LineReader(source: source)
        var warnings: [String] = []
        if isAggregated(head) {
            var parser = AggregatedProfileParser()
            try reader.forEachLine { line in parser.consume(line) { grouper.add(&$0) } }
            parser.finishInput { grouper.add(&$0) }
            if parser.recordCount == 0 { throw Failure("\(name): a debug=1 profile header but no records") }
            if let total = parser.total, total != grouper.goroutineCount {
                warnings.append("the profile declares \(total) goroutines but its records add up to \(grouper.goroutineCount)")
            }
            if parser.skippedLines > 0 { warnings.append("skipped \(parser.skippedLines) lines that are not part of the profile") }
            return Snapshot(name: name, format: .aggregated, groups: grouper.groups, goroutineCount: grouper.goroutineCount,
                            declaredTotal: parser.total, isLeakProfile: parser.isLeakProfile, warnings: warnings + grouper.warnings + cutWarning(reader))
        }
        if ParallelTraceback.applies(to: head) {
            let parallel = try ParallelTraceback(similarity: similarity, keepAllIDs: keepAllIDs, threads: threads).read(source)
            guard parallel.goroutines > 0 else { throw Failure("\(name): no goroutines found") }
            if parallel.endedInsideGoroutine {
                warnings.append("the input ends inside a goroutine's stack (cut off, as /debug/pprof/goroutine?debug=2 does at 64 MiB); its last frame was dropped")
            }
            if parallel.skippedLines > 0 { warnings.append("skipped \(parallel.skippedLines) lines inside goroutines that could not be read") }
            return Snapshot(name: name, format: .traceback, groups: parallel.grouper.groups, goroutineCount: parallel.grouper.goroutineCount,
                            declaredTotal: nil, isLeakProfile: false, warnings: warnings + parallel.grouper.warnings)
        }
        var parser = TracebackParser()
        parser.keepArguments = similarity == .exact
        try reader.forEachLine { line in parser.consume(line) { grouper.add(&$0) } }
        parser.finishInput { grouper.add(&$0) }
        guard parser.goroutineCount > 0 else {
            throw Failure("\(name): no goroutines found (expected a goroutine dump, a debug=1 profile or a pprof profile)")
        }
        if parser.endedInsideGoroutine {
            warnings.append("the input ends inside a goroutine's stack (cut off, as /debug/pprof/goroutine?debug=2 does at 64 MiB); its last frame was dropped")
        }
        if parser.skippedLines > 0 {
            warnings.append("skipped \(parser.skippedLines) lines inside goroutines that could not be read")
        }
        return Snapshot(name: name, format: .traceback, groups: grouper.groups, goroutineCount: grouper.goroutineCount,
                        declaredTotal: nil, isLeakProfile: false, warnings: warnings + grouper.warnings + cutWarning(reader))
    }

    private static func cutWarning(_ reader: LineReader) -> [String] {
        reader.cutLines > 0 ? ["\(reader.cutLines) lines longer than 1 MiB were cut"] : []
    }

    /// The first bytes of the input, and a source that still yields all of it.
    private static func peek(_ source: ByteSource) throws -> ([UInt8], ByteSource) {
        switch source {
        case .bytes(let bytes):
            return (Array(bytes.prefix(65536)), source)
        case .fileDescriptor(let descriptor, let already):
            var head = already
            var chunk = [UInt8](repeating: 0, count: 65536)
            while head.count < 65536 {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, 65536 - head.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw Failure("read error: \(String(cString: strerror(errno)))") }
                if count == 0 { break }
                head.append(contentsOf: chunk[0..<count])
            }
            return (head, .fileDescriptor(descriptor, read: head))
        }
    }

    private static func readAll(_ source: ByteSource) throws -> [UInt8] {
        switch source {
        case .bytes(let bytes):
            return bytes
        case .fileDescriptor(let descriptor, let already):
            var all = already
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw Failure("read error: \(String(cString: strerror(errno)))") }
                if count == 0 { return all }
                all.append(contentsOf: chunk[0..<count])
                if all.count > PprofReader.maxCompressedSize { throw Failure("profile larger than \(PprofReader.maxCompressedSize >> 20) MiB") }
            }
        }
    }

    private static func isAggregated(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        for line in text.split(separator: "\n").prefix(20) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("goroutine profile: total ") || trimmed.hasPrefix("goroutineleak profile: total ") { return true }
        }
        return false
    }
}
