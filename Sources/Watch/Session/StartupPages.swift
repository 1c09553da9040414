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

    /// Unmaps the executable's code between readings. A reading runs code from all across the
    /// binary, and each page it touches brings the whole 64 kB around it back (the kernel's
    /// fault-around): about 10 MB resident for a few hundred pages of real use. MADV_DONTNEED
    /// on code only unmaps it (the pages stay in the page cache, the next reading maps them
    /// again with minor faults), so between readings the watch holds its data, not its code.
    /// Only executable mappings: they are never written, so dropping them loses nothing, unlike
    /// read-only data the loader relocated.
    public static func releaseCode() {
        #if os(Linux)
        for mapping in codeMappings {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            _ = madvise(address, Int(mapping.end - mapping.start), MADV_DONTNEED)
        }
        #endif
    }

    #if os(Linux)
    /// Read once: the executable's mappings do not move.
    private static let codeMappings = readOnlyMappings().filter(\.isExecutable)
    #endif

    /// Kilobytes of the executable's read-only mappings (or its code only) that are resident;
    /// nil where that cannot be read.
    public static func residentKilobytes(codeOnly: Bool = false) -> Int? {
        #if os(Linux)
        let mappings = readOnlyMappings().filter { $0.isExecutable || !codeOnly }
        return mappings.isEmpty ? nil : mappings.reduce(0) { $0 + $1.residentKilobytes }
        #else
        return nil
        #endif
    }

    #if os(Linux)
    private struct Mapping {
        let start: UInt
        let end: UInt
        let isExecutable: Bool
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
            var text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
            mappings.append(Mapping(start: start, end: end, isExecutable: fields[1].contains("x")))
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
