#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// hash → first group with it; `nextWithSameHash` chains the rest.
    private var firstByHash: [UInt64: Int] = [:]
    private var nextWithSameHash: [Int] = []
    private var scratch: [UInt8] = []
    private(set) var goroutineCount = 0
    /// Goroutines whose stacks came after `maxGroups` others: counted, not grouped.
    private(set) var ungrouped = 0

    /// Groups kept in detail: memory grows with groups, and a dump (untrusted input) can
    /// hold a million distinct stacks. A real program has hundreds; past this many the rest
    /// are counted and said to be.
    static let maxGroups = 20_000

    /// What a reader adds to its snapshot's warnings.
    var warnings: [String] {
        ungrouped == 0 ? [] : ["more than \(Grouper.maxGroups) distinct stacks: \(ungrouped) goroutines with further stacks were counted, not grouped"]
    }

    init(similarity: Similarity, keepAllIDs: Bool) {
        self.similarity = similarity
        self.keepAllIDs = keepAllIDs
        scratch.reserveCapacity(4096)
    }

    mutating func add(_ goroutine: inout RawGoroutine) {
        // the traceback reader lays its arena out as the `lines` signature already
        let direct = goroutine.arenaIsSignature && similarity == .lines && goroutine.labels.isEmpty
        if !direct { buildSignature(goroutine) }
        let hash = direct ? goroutine.arena.withUnsafeBufferPointer { Grouper.hash($0) } : scratch.withUnsafeBufferPointer { Grouper.hash($0) }
        var position = firstByHash[hash] ?? -1
        while position >= 0 && !Grouper.same(signatures[position], direct ? goroutine.arena : scratch) { position = nextWithSameHash[position] }
        if position < 0 && groups.count >= Grouper.maxGroups {
            goroutineCount = saturatingAdd(goroutineCount, goroutine.count)
            ungrouped = saturatingAdd(ungrouped, goroutine.count)
            return
        }
        if position < 0 {
            groups.append(GoroutineGroup(representative: goroutine.materialize()))
            signatures.append(direct ? goroutine.arena : scratch)
            position = groups.count - 1
            nextWithSameHash.append(firstByHash[hash] ?? -1)
            firstByHash[hash] = position
        }
        goroutineCount = saturatingAdd(goroutineCount, goroutine.count)
        groups[position].count = saturatingAdd(groups[position].count, goroutine.count)
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

    /// Adds another grouper's groups (from a later part of the same input): same signatures
    /// merge, new ones are appended in order.
    mutating func merge(_ other: Grouper) {
        for (index, group) in other.groups.enumerated() {
            let signature = other.signatures[index]
            let hash = signature.withUnsafeBufferPointer { Grouper.hash($0) }
            var position = firstByHash[hash] ?? -1
            while position >= 0 && !Grouper.same(signatures[position], signature) { position = nextWithSameHash[position] }
            if position < 0 && groups.count >= Grouper.maxGroups {
                ungrouped = saturatingAdd(ungrouped, group.count)
                continue
            }
            if position < 0 {
                groups.append(group)
                signatures.append(signature)
                nextWithSameHash.append(firstByHash[hash] ?? -1)
                firstByHash[hash] = groups.count - 1
                continue
            }
            groups[position].count = saturatingAdd(groups[position].count, group.count)
            groups[position].flags.formUnion(group.flags)
            let room = keepAllIDs ? group.ids.count : max(0, Grouper.sampleIDs - groups[position].ids.count)
            groups[position].ids += group.ids.prefix(room)
            if let low = group.minWaitMinutes { groups[position].minWaitMinutes = min(groups[position].minWaitMinutes ?? low, low) }
            if let high = group.maxWaitMinutes { groups[position].maxWaitMinutes = max(groups[position].maxWaitMinutes ?? high, high) }
        }
        goroutineCount = saturatingAdd(goroutineCount, other.goroutineCount)
        ungrouped = saturatingAdd(ungrouped, other.ungrouped)
    }

    /// The bytes that decide the group: state, frames, creator (and, for `exact`, arguments
    /// and flags), labels.
    private mutating func buildSignature(_ goroutine: RawGoroutine) {
        scratch.removeAll(keepingCapacity: true)
        let similarity = self.similarity
        goroutine.arena.withUnsafeBufferPointer { arena in
            func append(_ range: Range<Int>) {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: arena[range]))
            }
            func frame(_ raw: RawGoroutine.RawFrame) {
                append(raw.function)
                scratch.append(1)
                if similarity != .functions {
                    append(raw.file)
                    var line = UInt32(truncatingIfNeeded: raw.line)
                    withUnsafeBytes(of: &line) { scratch.append(contentsOf: $0) }
                }
                if similarity == .exact { append(raw.arguments) }
                scratch.append(2)
            }
            append(goroutine.state)
            scratch.append(0)
            for raw in goroutine.frames { frame(raw) }
            scratch.append(3)
            if let creator = goroutine.createdBy { frame(creator) }
        }
        if similarity == .exact { scratch.append(goroutine.flags.rawValue) }
        if !goroutine.labels.isEmpty {
            for (key, value) in goroutine.labels.sorted(by: { $0.key < $1.key }) {
                scratch.append(contentsOf: Array(key.utf8) + [4] + Array(value.utf8) + [5])
            }
        }
    }

    @inline(__always)
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
    }

    /// A fast 64-bit hash, eight bytes at a time (the signature is compared in full on a match).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        var index = 0
        let raw = UnsafeRawPointer(base)
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            index += 8
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01B3
            index += 1
        }
        return hash ^ (hash >> 29)
    }
}

/// Sums that stop at Int.max instead of trapping: counts come from untrusted input.
@inline(__always)
func saturatingAdd(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? Int.max : Int.min) : sum
}
