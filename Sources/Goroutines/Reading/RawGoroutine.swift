/// A goroutine as the readers see it before anything is turned into strings: names and paths
/// are byte ranges in `arena`, which is reused from one goroutine to the next. Grouping hashes
/// these bytes; only the first goroutine of each group is materialized into a `Goroutine`.
struct RawGoroutine {
    struct RawFrame {
        var function: Range<Int>
        var arguments: Range<Int>
        var file: Range<Int>
        var line: Int
    }

    var arena: [UInt8] = []
    var id: Int?
    var state: Range<Int> = 0..<0
    var waitMinutes: Int?
    var flags: GoroutineFlags = []
    var labels: [String: String] = [:]
    var frames: [RawFrame] = []
    var elidedFrames = 0
    var createdBy: RawFrame?
    var parentID: Int?
    var ancestors: [Goroutine.Ancestor] = []
    var count = 1
    /// Set by the traceback reader: the arena holds, in order and with separators, exactly the
    /// state, each frame's function, file and line, and the creator's — the grouping signature
    /// for `Similarity.lines`, so it need not be built again.
    var arenaIsSignature = false
    /// Counts from a profile are clamped here, so sums over hostile input cannot overflow.
    static let maxCount = 1 << 40

    mutating func reset() {
        arena.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        id = nil
        state = 0..<0
        waitMinutes = nil
        flags = []
        if !labels.isEmpty { labels = [:] }
        elidedFrames = 0
        createdBy = nil
        parentID = nil
        if !ancestors.isEmpty { ancestors = [] }
        count = 1
        arenaIsSignature = false
    }

    /// Copies bytes into the arena and returns where they are.
    @inline(__always)
    mutating func store(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = arena.count
        arena.append(contentsOf: bytes)
        return start..<arena.count
    }

    /// Appends a line number and a separator after a frame's file.
    @inline(__always)
    mutating func appendLineMark(_ line: Int) {
        var value = UInt32(truncatingIfNeeded: line)
        withUnsafeBytes(of: &value) { arena.append(contentsOf: $0) }
        arena.append(0xFF)
    }

    mutating func store(_ text: String) -> Range<Int> {
        let start = arena.count
        arena.append(contentsOf: text.utf8)
        return start..<arena.count
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: arena[range], as: UTF8.self)
    }

    func frame(_ raw: RawFrame) -> Frame {
        Frame(function: string(raw.function), file: string(raw.file), line: raw.line)
    }

    func materialize() -> Goroutine {
        Goroutine(id: id, state: string(state), waitMinutes: waitMinutes, flags: flags, labels: labels,
                  frames: frames.map(frame), elidedFrames: elidedFrames, createdBy: createdBy.map(frame),
                  parentID: parentID, ancestors: ancestors, count: count)
    }
}
