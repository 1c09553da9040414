import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a plain traceback dump (headers at the start of lines, goroutines separated by blank
/// lines, as debug=2 and runtime.Stack write them) on several threads: the input is read in
/// blocks of bounded size, each cut at a goroutine boundary, split into one piece per thread,
/// parsed and grouped in parallel, and the groups are merged in input order. Memory stays
/// bounded by the block size plus the groups. Dumps inside logs (prefixed lines) are read by
/// the sequential reader instead.
struct ParallelTraceback {
    static let blockSize = 16 << 20
    static let boundary = Array("\n\ngoroutine ".utf8)

    let similarity: Similarity
    let keepAllIDs: Bool
    let threads: Int

    struct Result {
        var grouper: Grouper
        var goroutines = 0
        var skippedLines = 0
        var endedInsideGoroutine = false
    }

    /// Whether the start of the input is a plain dump this reader can split.
    static func applies(to head: [UInt8]) -> Bool {
        head.starts(with: Array("goroutine ".utf8)) && head.count > 4096
    }

    func read(_ source: ByteSource) throws -> Result {
        var result = Result(grouper: Grouper(similarity: similarity, keepAllIDs: keepAllIDs))
        switch source {
        case .bytes(let bytes):
            bytes.withUnsafeBufferPointer { process($0, into: &result, isLast: true) }
        case .fileDescriptor(let descriptor, let already):
            // one buffer, filled in place; only the unfinished goroutine at its end moves
            var buffer = [UInt8](repeating: 0, count: max(Self.blockSize, already.count * 2))
            buffer.replaceSubrange(0..<already.count, with: already)
            var filled = already.count
            var finished = false
            while !finished {
                while filled < buffer.count {
                    let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
                    if count < 0 && errno == EINTR { continue }
                    guard count >= 0 else { throw DumpReader.Failure("read error: \(String(cString: strerror(errno)))") }
                    if count == 0 {
                        finished = true
                        break
                    }
                    filled += count
                }
                var cut = filled
                if !finished {
                    guard let last = buffer.withUnsafeBufferPointer({ ParallelTraceback.lastBoundary(in: UnsafeBufferPointer(rebasing: $0[..<filled])) }) else {
                        buffer += [UInt8](repeating: 0, count: buffer.count)  // one goroutine larger than the buffer
                        continue
                    }
                    cut = last + 1
                }
                buffer.withUnsafeBufferPointer { process(UnsafeBufferPointer(rebasing: $0[..<cut]), into: &result, isLast: finished) }
                let kept = filled - cut
                if kept > 0 {
                    buffer.withUnsafeMutableBytes { raw in _ = memmove(raw.baseAddress!, raw.baseAddress! + cut, kept) }
                }
                filled = kept
            }
        }
        return result
    }

    private func process(_ block: UnsafeBufferPointer<UInt8>, into result: inout Result, isLast: Bool) {
        guard !block.isEmpty else { return }
        // pieces of about equal size, each starting at a goroutine header
        var starts = [0]
        let piece = block.count / max(1, threads)
        for index in 1..<max(1, threads) {
            if let boundary = ParallelTraceback.nextBoundary(in: block, from: index * piece), boundary + 1 > starts.last! {
                starts.append(boundary + 1)
            }
        }
        starts.append(block.count)
        let bounds = starts
        let count = bounds.count - 1
        let box = PartsBox(count: count)
        let similarity = self.similarity
        let keepAllIDs = self.keepAllIDs
        do {
            let base = UnsafeSendable(block)
            DispatchQueue.concurrentPerform(iterations: count) { part in
                let slice = UnsafeBufferPointer(rebasing: base.buffer[bounds[part]..<bounds[part + 1]])
                var parser = TracebackParser()
                parser.keepArguments = similarity == .exact
                var grouper = Grouper(similarity: similarity, keepAllIDs: keepAllIDs)
                var start = 0
                while start < slice.count {
                    let end = LineReader.newline(in: slice, from: start) ?? slice.count
                    parser.consume(LineReader.trimCarriageReturn(UnsafeBufferPointer(rebasing: slice[start..<end]))) { grouper.add(&$0) }
                    start = end + 1
                }
                parser.finishInput { grouper.add(&$0) }
                box.store(part, Part(grouper: grouper, goroutines: parser.goroutineCount, skipped: parser.skippedLines,
                                     endedInside: parser.endedInsideGoroutine))
            }
        }
        for part in box.parts() {
            result.grouper.merge(part.grouper)
            result.goroutines += part.goroutines
            result.skippedLines += part.skipped
            result.endedInsideGoroutine = result.endedInsideGoroutine || (isLast && part.endedInside)
        }
    }

    struct Part {
        let grouper: Grouper
        let goroutines: Int
        let skipped: Int
        let endedInside: Bool
    }

    private final class PartsBox: @unchecked Sendable {
        private var slots: [Part?]
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

        init(count: Int) {
            slots = Array(repeating: nil, count: count)
            pthread_mutex_init(lock, nil)
        }

        deinit {
            pthread_mutex_destroy(lock)
            lock.deallocate()
        }

        func store(_ index: Int, _ part: Part) {
            pthread_mutex_lock(lock)
            slots[index] = part
            pthread_mutex_unlock(lock)
        }

        func parts() -> [Part] { slots.compactMap { $0 } }
    }

    private struct UnsafeSendable: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
        init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }
    }

    static func lastBoundary(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = bytes.count - boundary.count
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A && bytes[index + 2] == UInt8(ascii: "g")
                && bytes[(index + 2)..<(index + boundary.count)].elementsEqual(boundary[2...]) {
                return index
            }
            index -= 1
        }
        return nil
    }

    static func nextBoundary(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + boundary.count <= bytes.count {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A && bytes[(index + 2)..<(index + boundary.count)].elementsEqual(boundary[2...]) {
                return index
            }
            index += 1
        }
        return nil
    }
}

