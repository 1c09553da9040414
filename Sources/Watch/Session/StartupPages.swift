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
        guard let executable = ownExecutable(), let maps = fopen("/proc/self/maps", "r") else { return }
        defer { fclose(maps) }
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), maps) != nil {
            let fields = String(cString: line).split(separator: " ", omittingEmptySubsequences: true)
            // address perms offset device inode path; only our read-only mappings
            guard fields.count >= 6, fields[1].first == "r", !fields[1].contains("w"),
                  fields[5...].joined(separator: " ").trimmingNewline() == executable else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
                  let address = UnsafeMutableRawPointer(bitPattern: start) else { continue }
            // random access: a page the loop needs comes back alone, not with its neighbours
            _ = madvise(address, Int(end - start), MADV_RANDOM)
            _ = madvise(address, Int(end - start), madvPageout)
        }
        #endif
    }

    /// Kilobytes of the executable's read-only mappings that are resident (from
    /// /proc/self/smaps; nil where there is none).
    public static func residentKilobytes() -> Int? {
        #if os(Linux)
        guard let executable = ownExecutable(), let smaps = fopen("/proc/self/smaps", "r") else { return nil }
        defer { fclose(smaps) }
        var line = [CChar](repeating: 0, count: 4096)
        var inExecutable = false
        var total = 0
        while fgets(&line, Int32(line.count), smaps) != nil {
            let text = String(cString: line).trimmingNewline()
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), fields.count >= 5, first.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                inExecutable = fields.count >= 6 && fields[1].first == "r" && !fields[1].contains("w")
                    && fields[5...].joined(separator: " ") == executable
            } else if inExecutable, fields.first == "Rss:", fields.count >= 2, let kilobytes = Int(fields[1]) {
                total += kilobytes
            }
        }
        return total
        #else
        return nil
        #endif
    }

    private static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

private extension String {
    func trimmingNewline() -> String { hasSuffix("\n") ? String(dropLast()) : self }
}
