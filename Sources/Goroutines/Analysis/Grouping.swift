/// How alike two goroutines must be to share a group.
public enum Similarity: String, CaseIterable, Sendable {
    /// Same state, frames (function, file, line) and creator, and same arguments and flags.
    case exact
    /// Same state, frames (function, file, line) and creator; arguments may differ.
    case lines
    /// Same state and the same functions on the stack and as creator; lines may differ.
    case functions
}

/// Goroutines with the same stack signature.
public struct GoroutineGroup: Sendable {
    /// The first goroutine seen with this signature.
    public let representative: Goroutine
    public internal(set) var count = 0
    /// IDs of the group's goroutines: all of them when IDs are kept (for comparing
    /// snapshots), otherwise the first few.
    public internal(set) var ids: [Int] = []
    public internal(set) var minWaitMinutes: Int?
    public internal(set) var maxWaitMinutes: Int?
    public internal(set) var flags: GoroutineFlags = []

    public var state: String { representative.state }
    /// Where the goroutines block: the first frame outside the runtime and the
    /// synchronization packages (the user's send, receive, select, Lock or Wait).
    public var site: Frame? { GoroutineGroup.blockingSite(of: representative.frames) }

    static let waitPackages: Set<String> = ["runtime", "sync", "internal/poll", "internal/sync", "time", "os/signal", "net", "sync/atomic"]

    static func blockingSite(of frames: [Frame]) -> Frame? {
        if let user = frames.first(where: { !$0.isRuntime && !waitPackages.contains($0.package) && !$0.package.hasPrefix("internal/") }) {
            return user
        }
        return frames.first { !$0.isRuntime } ?? frames.first
    }

    /// The function the goroutine was started with (the outermost frame), which stands in for
    /// the creator when the creator is a spawn wrapper such as `sync.(*WaitGroup).Go`.
    public var entry: Frame? { representative.frames.last { !$0.isRuntime } }

    /// The creator, seen through known spawn wrappers.
    public var creator: Frame? {
        guard let createdBy = representative.createdBy else { return nil }
        return GoroutineGroup.spawnWrappers.contains(createdBy.function) ? (entry ?? createdBy) : createdBy
    }

    static let spawnWrappers: Set<String> = [
        "sync.(*WaitGroup).Go", "golang.org/x/sync/errgroup.(*Group).Go", "golang.org/x/sync/errgroup.(*Group).TryGo",
        "time.goFunc", "time.AfterFunc",
    ]
}

/// Groups goroutines by stack signature in one pass: each goroutine's signature bytes are
/// hashed and compared with the group's stored signature; only a group's first goroutine is
/// turned into strings. Memory grows with the number of groups (and of IDs, when kept).
struct Grouper {
    let similarity: Similarity
    let keepAllIDs: Bool
    static let sampleIDs = 8

    private(set) var groups: [GoroutineGroup] = []
    private var signatures: [[UInt8]] = []
    private var index: [UInt64: [Int]] = [:]
    private var scratch: [UInt8] = []
    private(set) var goroutineCount = 0

    init(similarity: Similarity, keepAllIDs: Bool) {
        self.similarity = similarity
        self.keepAllIDs = keepAllIDs
    }

    mutating func add(_ goroutine: inout RawGoroutine) {
        buildSignature(goroutine)
        let hash = Grouper.fnv1a(scratch)
        var groupIndex: Int?
        if let candidates = index[hash] {
            groupIndex = candidates.first { signatures[$0] == scratch }
        }
        if groupIndex == nil {
            groups.append(GoroutineGroup(representative: goroutine.materialize()))
            signatures.append(scratch)
            groupIndex = groups.count - 1
            index[hash, default: []].append(groupIndex!)
        }
        let position = groupIndex!
        goroutineCount += goroutine.count
        groups[position].count += goroutine.count
        groups[position].flags.formUnion(goroutine.flags)
        if let id = goroutine.id, keepAllIDs || groups[position].ids.count < Grouper.sampleIDs {
            groups[position].ids.append(id)
        }
        if let minutes = goroutine.waitMinutes {
            groups[position].minWaitMinutes = min(groups[position].minWaitMinutes ?? minutes, minutes)
            groups[position].maxWaitMinutes = max(groups[position].maxWaitMinutes ?? minutes, minutes)
        } else if goroutine.id != nil {
            // a goroutine with no minutes has waited less than one
            groups[position].minWaitMinutes = 0
        }
    }

    private mutating func buildSignature(_ goroutine: RawGoroutine) {
        scratch.removeAll(keepingCapacity: true)
        let arena = goroutine.arena
        scratch.append(contentsOf: arena[goroutine.state])
        scratch.append(0)
        func frame(_ raw: RawGoroutine.RawFrame, into scratch: inout [UInt8]) {
            scratch.append(contentsOf: arena[raw.function])
            scratch.append(1)
            if similarity != .functions {
                scratch.append(contentsOf: arena[raw.file])
                var line = UInt32(truncatingIfNeeded: raw.line)
                withUnsafeBytes(of: &line) { scratch.append(contentsOf: $0) }
            }
            if similarity == .exact { scratch.append(contentsOf: arena[raw.arguments]) }
            scratch.append(2)
        }
        for raw in goroutine.frames { frame(raw, into: &scratch) }
        scratch.append(3)
        if let creator = goroutine.createdBy { frame(creator, into: &scratch) }
        if similarity == .exact { scratch.append(goroutine.flags.rawValue) }
        for (key, value) in goroutine.labels.sorted(by: { $0.key < $1.key }) {
            scratch.append(contentsOf: Array(key.utf8) + [4] + Array(value.utf8) + [5])
        }
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return hash
    }
}
