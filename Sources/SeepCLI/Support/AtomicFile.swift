#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file's contents all at once: write a temporary file beside it, flush it to
/// disk, give it the old file's permissions, and rename it over the old one. A crash leaves
/// either the old file or the new one, never half of each.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        // a new file gets the usual 0644 less the umask; an existing one keeps its permissions
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else { throw Failure(description: "cannot stat \(path): \(String(cString: strerror(errno)))") }
            let mask = umask(0)
            umask(mask)
            info.st_mode = 0o644 & ~mask
        }
        var template = Array((path + ".seep-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure(description: "cannot create a temporary file beside \(path): \(String(cString: strerror(errno)))") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            guard count > 0 else {
                close(descriptor)
                throw Failure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))")
            }
            written += count
        }
        guard fchmod(descriptor, info.st_mode & 0o7777) == 0, fsync(descriptor) == 0 else {
            close(descriptor)
            throw Failure(description: "cannot flush \(temporary): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            throw Failure(description: "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        ok = true
    }
}
