#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GoSyntax

/// Finding and reading Go files for the commands.
enum SourceFiles {
    struct ReadError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        /// Not read by policy (not a regular file, over the size limit), not by failure: a
        /// lint skips it with a warning.
        var skipped = false
        var description: String { "\(path): \(reason)" }
    }

    /// The `.go` files named by `paths`: files as given, directories walked recursively.
    /// Sorted, so output never depends on the file system's order.
    static func collect(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ReadError(path: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else {
                throw ReadError(path: path, reason: "cannot list directory")
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            for case let relative as String in walker where relative.hasSuffix(".go") {
                let full = base + "/" + relative
                var isDir: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                    files.append(full)
                }
            }
        }
        // Sort by bytes, as Go's sort.Strings does, so both tools list files in one order.
        return files.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The largest Go file Seep reads unless told otherwise (`--max-file-size`): Go's own
    /// tree has none over 1.4 MiB, and parsing takes about 15 bytes of memory a byte, so a
    /// file of hundreds of megabytes (generated data, or an attack) would take gigabytes.
    static let defaultMaxBytes = 10 << 20

    /// Reads a whole file as bytes: one read of the size the file has. A regular file is not
    /// read again to see its end (a system call a file); one that reports no size (/proc) is
    /// read to its end, up to `maxBytes`. Only regular files are read: a FIFO, a device or a
    /// socket is refused without waiting on it (opened non-blocking, checked before any read).
    static func read(_ path: String, maxBytes: Int = defaultMaxBytes) throws -> SourceFile {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ReadError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ReadError(path: path, reason: "is a directory")
        case S_IFIFO: throw ReadError(path: path, reason: "is a FIFO, not a regular file; not read", skipped: true)
        case S_IFCHR, S_IFBLK: throw ReadError(path: path, reason: "is a device, not a regular file; not read", skipped: true)
        default: throw ReadError(path: path, reason: "is not a regular file; not read", skipped: true)
        }
        if Int(info.st_size) > maxBytes {
            throw ReadError(path: path, reason: "\(SourceFiles.size(Int(info.st_size))) is over the limit of \(SourceFiles.size(maxBytes)) (--max-file-size); not read",
                            skipped: true)
        }
        // read straight into uninitialised storage: zeroing it first would touch every byte twice
        let known = info.st_size > 0 ? Int(info.st_size) : 0
        var size = known > 0 ? known : 4096
        var bytes: [UInt8] = []
        while true {
            var failure: Int32 = 0
            let filled = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                var count = 0
                while count < buffer.count {
                    let got = Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                    if got < 0 && errno == EINTR { continue }
                    if got < 0 { failure = errno; break }
                    if got == 0 { break }
                    count += got
                }
                initialized = count
            }
            if failure != 0 { throw ReadError(path: path, reason: String(cString: strerror(failure))) }
            if bytes.isEmpty { bytes = filled } else { bytes += filled }
            // a full buffer of unknown size: read on
            guard known == 0, filled.count >= size else { break }
            guard bytes.count <= maxBytes else {
                throw ReadError(path: path, reason: "over the limit of \(SourceFiles.size(maxBytes)) (--max-file-size); not read", skipped: true)
            }
            size = max(4096, bytes.count)
        }
        return SourceFile(path: path, bytes: bytes)
    }

    /// `3.4 MiB`, `2 KiB`, `900 bytes`.
    static func size(_ bytes: Int) -> String {
        let (value, unit) = bytes >= 1 << 20 ? (Double(bytes) / 1_048_576, "MiB") : bytes >= 1 << 10 ? (Double(bytes) / 1024, "KiB") : (Double(bytes), "bytes")
        var text = String(format: "%.1f", value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + " " + unit
    }
}
