#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where dump bytes come from: an open file descriptor (a file, standard input) or memory.
public enum ByteSource: Sendable {
    /// An open descriptor; `read` bytes were already taken from it (to detect the format).
    case fileDescriptor(Int32, read: [UInt8])
    case bytes([UInt8])
}

/// Reads a source in chunks and hands out its lines (without `\n` or `\r\n`) as views into a
/// reused buffer, so memory stays flat however large the input is. A line longer than
/// `maxLineLength` is cut there (and counted), never buffered whole.
struct LineReader {
    let source: ByteSource
    var chunkSize = 1 << 20
    var maxLineLength = 1 << 20
    private(set) var bytesRead = 0
    private(set) var cutLines = 0

    init(source: ByteSource) {
        self.source = source
    }

    struct ReadFailure: Error, CustomStringConvertible {
        let description: String
    }

    mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        switch source {
        case .bytes(let bytes):
            bytesRead = bytes.count
            bytes.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < buffer.count {
                    let end = LineReader.newline(in: buffer, from: start) ?? buffer.count
                    body(LineReader.trimCarriageReturn(UnsafeBufferPointer(rebasing: buffer[start..<end])))
                    start = end + 1
                }
            }
        case .fileDescriptor(let descriptor, let read):
            try readDescriptor(descriptor, already: read, body)
        }
    }

    private mutating func readDescriptor(_ descriptor: Int32, already: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: chunkSize + max(maxLineLength, already.count))
        buffer.replaceSubrange(0..<already.count, with: already)
        bytesRead = already.count
        var kept = already.count  // bytes of an unfinished line at the front of the buffer
        var skipping = false  // inside a line that was too long: drop bytes up to its end
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                read(descriptor, raw.baseAddress! + kept, chunkSize)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(description: "read error: \(String(cString: strerror(errno)))")
            }
            bytesRead += count
            let filled = kept + count
            var consumed = 0
            buffer.withUnsafeBufferPointer { all in
                let view = UnsafeBufferPointer(rebasing: all[0..<filled])
                var start = 0
                while let end = LineReader.newline(in: view, from: start) {
                    if skipping {
                        skipping = false
                    } else {
                        body(LineReader.trimCarriageReturn(UnsafeBufferPointer(rebasing: view[start..<end])))
                    }
                    start = end + 1
                }
                consumed = start
                if count == 0 && start < filled && !skipping {
                    body(LineReader.trimCarriageReturn(UnsafeBufferPointer(rebasing: view[start..<filled])))  // last line without newline
                    consumed = filled
                } else if filled - start >= maxLineLength {
                    if !skipping { body(UnsafeBufferPointer(rebasing: view[start..<(start + maxLineLength)])) }
                    cutLines += skipping ? 0 : 1
                    skipping = true
                    consumed = filled
                }
            }
            if count == 0 { return }
            kept = filled - consumed
            if kept > 0 && consumed > 0 {
                buffer.withUnsafeMutableBufferPointer { all in
                    _ = memmove(all.baseAddress!, all.baseAddress! + consumed, kept)
                }
            }
        }
    }

    @inline(__always)
    static func newline(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < buffer.count, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, buffer.count - start) else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    @inline(__always)
    static func trimCarriageReturn(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if let last = line.last, last == 0x0D { return UnsafeBufferPointer(rebasing: line.dropLast()) }
        return line
    }
}
