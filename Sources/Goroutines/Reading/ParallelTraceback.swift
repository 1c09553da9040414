import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a plain traceback dump (headers at the start of lines, goroutines separated by blank
/// lines, as debug=2 and runtime.Stack write them) on several threads: the input is read in
/// blocks of bounded size, each cut at a goroutine boundary, split into one piece per thread,
/// parsed and grouped in parallel, and the groups are merged in input order. The next block is
/// read while the current one is parsed. Memory stays bounded by two blocks plus the groups.
/// Dumps inside logs (prefixed lines) are read by the sequential reader instead.
struct ParallelTraceback {
    static let defaultBlockSize = 8 << 20
    static let boundary = Array("\n\ngoroutine ".utf8)

    let similarity: Similarity
    let keepAllIDs: Bool
    let threads: Int
    /// How much is read at a time (tests make it small to cut goroutines at block edges).
    let blockSize: Int

    init(similarity: Similarity, keepAllIDs: Bool, threads: Int, blockSize: Int = ParallelTraceback.defaultBlockSize) {
        self.similarity = similarity
        self.keepAllIDs = keepAllIDs
        self.threads = threads
        self.blockSize = blockSize
    }

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
            try readOverlapped(descriptor, already: already, into: &result)
        }
        return result
    }

    /// Two buffers: while one block is parsed, the next is read into the other, behind the
    /// unfinished goroutine carried over from the block before.
    private func readOverlapped(_ descriptor: Int32, already: [UInt8], into result: inout Result) throws {
        var current = Block(capacity: max(blockSize, already.count * 2))
        var next = Block(capacity: current.capacity)
        already.withUnsafeBufferPointer { current.reset(keeping: $0, capacity: current.capacity) }
        try current.fill(from: descriptor)
        while true {
            var cut = current.count
            if !current.endOfInput {
                guard let last = ParallelTraceback.lastBoundary(in: current.bytes) else {
                    // one goroutine larger than the buffer: make room and read on
                    current.grow(to: current.capacity * 2)
                    try current.fill(from: descriptor)
                    continue
                }
                cut = last + 1
            }
            let carried = UnsafeBufferPointer(rebasing: current.bytes[cut...])
            next.reset(keeping: carried, capacity: max(blockSize, carried.count * 2))
            // read ahead on another thread while this block is parsed
            let reading = DispatchGroup()
            if !current.endOfInput {
                let ahead = next
                DispatchQueue.global().async(group: reading) { ahead.fillCatchingErrors(from: descriptor) }
            }
            process(UnsafeBufferPointer(rebasing: current.bytes[..<cut]), into: &result, isLast: current.endOfInput)
            reading.wait()
            if current.endOfInput { break }
            if let error = next.error { throw error }
            swap(&current, &next)
        }
    }

    /// A reading buffer: raw storage, the bytes filled so far, and whether the input ended.
    private final class Block: @unchecked Sendable {
        private var storage: UnsafeMutableBufferPointer<UInt8>
        private(set) var count = 0
        private(set) var endOfInput = false
        private(set) var error: Error?

        init(capacity: Int) { storage = .allocate(capacity: capacity) }
        deinit { storage.deallocate() }

        var capacity: Int { storage.count }
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage[..<count]) }

        /// Empties the block but for `tail` (bytes of another block) at its start.
        func reset(keeping tail: UnsafeBufferPointer<UInt8>, capacity: Int) {
            if storage.count < capacity {
                storage.deallocate()
                storage = .allocate(capacity: capacity)
            }
            if let base = tail.baseAddress, !tail.isEmpty { storage.baseAddress!.update(from: base, count: tail.count) }
            count = tail.count
            endOfInput = false
            error = nil
        }

        func grow(to capacity: Int) {
            let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
            larger.baseAddress!.update(from: storage.baseAddress!, count: count)
            storage.deallocate()
            storage = larger
        }

        /// Reads until the block is full or the input ends.
        func fill(from descriptor: Int32) throws {
            while count < storage.count {
                let read = Glibc.read(descriptor, storage.baseAddress! + count, storage.count - count)
                if read < 0 && errno == EINTR { continue }
                guard read >= 0 else { throw DumpReader.Failure("read error: \(String(cString: strerror(errno)))") }
                if read == 0 {
                    endOfInput = true
                    return
                }
                count += read
            }
        }

        func fillCatchingErrors(from descriptor: Int32) {
            do { try fill(from: descriptor) } catch { self.error = error }
        }
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

