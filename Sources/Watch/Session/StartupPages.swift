#if canImport(Glibc)
import Glibc
#endif

/// Gives back the pages of Seep's own executable that only start-up needed. One binary
/// carries every lens (Foundation, SQLite, HTTP, protobuf), and the Swift runtime's first
/// type lookups touch code and constant data all across it: about 20 MB of clean, file-backed
/// pages that a watch running for days never reads again. madvise(MADV_PAGEOUT) drops them
/// from the process; the few the sampling loop uses come back from the page cache on first
/// touch. Nothing is lost: the pages are read-only copies of the file. Linux 5.4 or later;
/// elsewhere this does nothing.
public enum StartupPages {
    public static func release() {
        #if os(Linux)
        let madvPageout: Int32 = 21  // MADV_PAGEOUT, not in every Glibc module map
        for mapping in readOnlyMappings() {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            _ = madvise(address, Int(mapping.end - mapping.start), madvPageout)
        }
        #endif
    }

    /// Kilobytes of the executable's read-only mappings that are resident; nil where that
    /// cannot be read.
    public static func residentKilobytes() -> Int? {
        #if os(Linux)
        let mappings = readOnlyMappings()
        return mappings.isEmpty ? nil : mappings.reduce(0) { $0 + $1.residentKilobytes }
        #else
        return nil
        #endif
    }

    #if os(Linux)
    private struct Mapping {
        let start: UInt
        let end: UInt
        var residentKilobytes = 0
    }

    /// The executable's read-only mappings, from /proc/self/smaps: a header line per mapping
    /// (`start-end perms offset device inode path`), then its `Key: value kB` lines.
    private static func readOnlyMappings() -> [Mapping] {
        guard let executable = ownExecutable(), let smaps = fopen("/proc/self/smaps", "r") else { return [] }
        defer { fclose(smaps) }
        var mappings: [Mapping] = []
        var inExecutable = false
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), smaps) != nil {
            var text = String(cString: line)
            if text.hasSuffix("\n") { text.removeLast() }
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.hasSuffix(":") {
                if inExecutable, first == "Rss:", fields.count >= 2, let kilobytes = Int(fields[1]) {
                    mappings[mappings.count - 1].residentKilobytes += kilobytes
                }
                continue
            }
            let bounds = first.split(separator: "-")
            inExecutable = fields.count >= 6 && fields[1].first == "r" && !fields[1].contains("w")
                && fields[5...].joined(separator: " ") == executable
            guard inExecutable, bounds.count == 2, let start = UInt(bounds[0], radix: 16),
                  let end = UInt(bounds[1], radix: 16) else {
                inExecutable = false
                continue
            }
            mappings.append(Mapping(start: start, end: end))
        }
        return mappings
    }

    private static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    #endif
}
