/// The goroutine lens's result: every group, ranked, with its verdict; growth when several
/// snapshots were compared.
public struct GoroutineReport: Sendable {
    public struct Entry: Sendable {
        public let group: GoroutineGroup
        public let verdict: LeakSuspects.Verdict
        public let growth: Growth?
    }

    public let snapshots: [Snapshot]
    /// Suspects first, then by score, then by size.
    public let entries: [Entry]

    public var suspects: [Entry] { entries.filter(\.verdict.isSuspect) }
    public var goroutineCount: Int { snapshots.last?.goroutineCount ?? 0 }

    /// One snapshot: rank its groups. Several, in time order: rank the last one's groups with
    /// their growth since the first (groups that vanished are left out).
    public init(snapshots: [Snapshot], suspects: LeakSuspects = LeakSuspects()) {
        self.snapshots = snapshots
        guard let last = snapshots.last else {
            entries = []
            return
        }
        var growthByKey: [GroupKey: Growth] = [:]
        if snapshots.count >= 2 {
            var countsByKey: [GroupKey: [Int]] = [:]
            var idsByKey: [GroupKey: [Set<Int>]] = [:]
            for (position, snapshot) in snapshots.enumerated() {
                for group in snapshot.groups {
                    let key = GroupKey(group)
                    countsByKey[key, default: Array(repeating: 0, count: snapshots.count)][position] += group.count
                    idsByKey[key, default: Array(repeating: [], count: snapshots.count)][position].formUnion(group.ids)
                }
            }
            for (key, counts) in countsByKey {
                let idSets = idsByKey[key] ?? []
                let persistent = idSets.dropFirst().reduce(idSets.first ?? []) { $0.intersection($1) }
                growthByKey[key] = Growth(counts: counts, persistentIDs: persistent.count)
            }
        }
        entries = last.groups.map { group in
            let growth = growthByKey[GroupKey(group)]
            return Entry(group: group, verdict: suspects.assess(group, leakProfile: last.isLeakProfile, growth: growth), growth: growth)
        }.sorted { a, b in
            if a.verdict.isSuspect != b.verdict.isSuspect { return a.verdict.isSuspect }
            if a.verdict.score != b.verdict.score { return a.verdict.score > b.verdict.score }
            return a.group.count > b.group.count
        }
    }
}

/// What makes two groups from different snapshots the same: state, stack and creator.
struct GroupKey: Hashable {
    let state: String
    let frames: [Frame]
    let creator: Frame?

    init(_ group: GoroutineGroup) {
        state = group.representative.state
        frames = group.representative.frames
        creator = group.representative.createdBy
    }
}
