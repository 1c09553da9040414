#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A Go source file held as bytes, with a table of line starts so that byte offsets can be
/// turned into line and column on demand (as go/token does).
public struct SourceFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    private let lines: LineTable

    /// Byte offset at which each line starts; `lineStarts[0] == 0`. Made on first use: most
    /// files a lint reads have nothing to report, and then no position is ever asked for.
    public var lineStarts: [Int] { lines.starts(of: bytes) }

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lines = LineTable()
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    static func computeLineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var index = 0
            while index < buffer.count, let found = memchr(base + index, 0x0A, buffer.count - index) {
                index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
                starts.append(index)
            }
        }
        return starts
    }

    /// Line and column (both 1-based, column counted in bytes) of a byte offset.
    public func position(of offset: Int) -> Position {
        let lineStarts = self.lineStarts  // once: each read of the property takes a lock
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return Position(offset: offset, line: low + 1, column: offset - lineStarts[low] + 1)
    }

    /// The text of a byte range, decoded as UTF-8 (invalid sequences become U+FFFD).
    public func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The full text of the line that holds `offset`, without its line terminator.
    public func lineText(containing offset: Int) -> String {
        let line = position(of: offset).line
        let lineStarts = self.lineStarts
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return text(start..<max(start, end))
    }
}

/// A file's line starts, computed once by whichever thread asks first.
private final class LineTable: Sendable {
    private let table = Mutex<[Int]?>(nil)

    func starts(of bytes: [UInt8]) -> [Int] {
        table.withLock { table in
            if let table { return table }
            let starts = SourceFile.computeLineStarts(bytes)
            table = starts
            return starts
        }
    }
}

/// A resolved position in a source file.
public struct Position: Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let line: Int
    public let column: Int

    public var description: String { "\(line):\(column)" }
}
