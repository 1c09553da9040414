#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files without losing a user's data. `write` replaces a file all at once: a
/// temporary file beside it, flushed to disk, renamed over the old one, so a crash leaves
/// either the old file or the new one, never half of each. `replace` is how `--fix` edits a
/// user's source: only while the file still holds what Seep read, never a file its owner
/// made read-only, through a symbolic link to its target, keeping hard links, owner and mode.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Creates or replaces `path`; an existing file keeps its permissions, a new one gets
    /// 0644 less the umask.
    static func write(_ bytes: [UInt8], to path: String) throws {
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else { throw Failure("cannot stat \(path): \(reason())") }
            let mask = umask(0)
            umask(mask)
            info.st_mode = 0o644 & ~mask
        }
        let temporary = try temporaryCopy(of: bytes, beside: path, mode: info.st_mode & 0o7777, owner: nil)
        guard rename(temporary, path) == 0 else {
            let why = reason()
            unlink(temporary)
            throw Failure("cannot replace \(path): \(why)")
        }
    }

    /// Replaces the contents of the file `path` names with `bytes`, if it still holds
    /// `expected` (what was read and fixed): an edit made meanwhile is never overwritten.
    /// A symbolic link is followed and stays a link; a file with other hard links is written
    /// in place so every name sees the change; owner and mode are kept.
    static func replace(_ path: String, expecting expected: [UInt8], with bytes: [UInt8]) throws {
        guard let pointer = realpath(path, nil) else { throw Failure("cannot resolve \(path): \(reason())") }
        let target = String(cString: pointer)
        free(pointer)
        var info = stat()
        guard stat(target, &info) == 0 else { throw Failure("cannot stat \(path): \(reason())") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure("\(path) is not a regular file; not rewritten") }
        // root may write anything: a file without write permission is the owner's wish, kept
        guard info.st_mode & 0o222 != 0, access(target, W_OK) == 0 else {
            throw Failure("\(path) is read-only (mode \(String(info.st_mode & 0o777, radix: 8))); not rewritten")
        }
        try checkUnchanged(target, expected: expected, shown: path)
        let keepsOwner = info.st_uid == geteuid() && info.st_gid == getegid()
        if info.st_nlink > 1 {
            return try overwrite(target, with: bytes, shown: path)
        }
        let temporary: String
        do {
            temporary = try temporaryCopy(of: bytes, beside: target, mode: info.st_mode & 0o7777,
                                          owner: keepsOwner ? nil : (info.st_uid, info.st_gid))
        } catch is OwnerNotKept {
            // the file is someone else's and Seep may not give a new file away: write in place
            return try overwrite(target, with: bytes, shown: path)
        }
        do {
            // the last look before the rename: the window for a lost edit is this short
            try checkUnchanged(target, expected: expected, shown: path)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let why = reason()
            unlink(temporary)
            throw Failure("cannot replace \(path): \(why)")
        }
    }

    private struct OwnerNotKept: Error {}

    private static func checkUnchanged(_ target: String, expected: [UInt8], shown: String) throws {
        let now: [UInt8]
        do {
            // no more than was read: a file that grew past it has changed
            now = try SourceFiles.read(target, maxBytes: expected.count).bytes
        } catch let error as SourceFiles.ReadError where error.skipped {
            throw Failure("\(shown) changed while Seep was fixing it; nothing written (run seep again)")
        } catch {
            throw Failure("cannot read \(shown) again before writing: \(error)")
        }
        guard now == expected else {
            throw Failure("\(shown) changed while Seep was fixing it; nothing written (run seep again)")
        }
    }

    /// A flushed temporary file beside `path` holding `bytes`, with `mode` (and `owner`).
    private static func temporaryCopy(of bytes: [UInt8], beside path: String, mode: mode_t,
                                      owner: (uid_t, gid_t)?) throws -> String {
        var template = Array((path + ".seep-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure("cannot create a temporary file beside \(path): \(reason())") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { close(descriptor) }
        do {
            try writeAll(bytes, to: descriptor, shown: temporary)
            if let (uid, gid) = owner, fchown(descriptor, uid, gid) != 0 { throw OwnerNotKept() }
            guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else { throw Failure("cannot flush \(temporary): \(reason())") }
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Writes `bytes` over the file itself: every hard link sees them, the owner stays.
    private static func overwrite(_ target: String, with bytes: [UInt8], shown: String) throws {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure("cannot open \(shown) for writing: \(reason())") }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, shown: shown)
        guard ftruncate(descriptor, off_t(bytes.count)) == 0, fsync(descriptor) == 0 else {
            throw Failure("cannot finish writing \(shown): \(reason())")
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, shown: String) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure("cannot write \(shown): \(reason())") }
            written += count
        }
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }
}
