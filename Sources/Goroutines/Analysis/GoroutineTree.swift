/// Who started whom: groups linked by the `created by … in goroutine N` line of their
/// goroutines (Go 1.21 and later print the parent's id). A group's parent is the group that
/// holds its representative's parent goroutine; groups whose parent has exited, or whose
/// format has no ids (debug=1, pprof), are roots.
///
/// It needs every goroutine's id (`keepAllIDs`), so memory grows with goroutines: it is
/// built only when asked for.
public struct GoroutineTree: Sendable {
    /// For each group (by index), its parent group's index, or nil for a root.
    public let parents: [Int?]
    /// For each group, its children, largest first.
    public let children: [[Int]]
    /// Groups with no parent in the dump, largest first.
    public let roots: [Int]

    public init(_ groups: [GoroutineGroup]) {
        var groupOfID: [Int: Int] = [:]
        for (index, group) in groups.enumerated() {
            for id in group.ids { groupOfID[id] = index }
        }
        var parents: [Int?] = groups.map { group in
            // Go 1.21+ prints the parent's id after `created by`; older runtimes only with
            // GODEBUG=tracebackancestors=N, as the first `[originating from goroutine N]` block
            guard let parent = group.representative.parentID ?? group.representative.ancestors.first?.id else { return nil }
            return groupOfID[parent]
        }
        // a group that spawns its own kind (or a loop of groups) hangs nowhere: cut the loop
        for start in parents.indices {
            var seen: Set<Int> = [start]
            var node = start
            while let parent = parents[node] {
                if seen.contains(parent) {
                    parents[node] = nil
                    break
                }
                seen.insert(parent)
                node = parent
            }
        }
        let bySize = { (a: Int, b: Int) in groups[a].count != groups[b].count ? groups[a].count > groups[b].count : a < b }
        var children = Array(repeating: [Int](), count: groups.count)
        for (child, parent) in parents.enumerated() {
            if let parent { children[parent].append(child) }
        }
        self.parents = parents
        self.children = children.map { $0.sorted(by: bySize) }
        self.roots = parents.indices.filter { parents[$0] == nil }.sorted(by: bySize)
    }

    /// Goroutines in a group and everything it started, transitively.
    public func subtreeCount(_ node: Int, _ groups: [GoroutineGroup]) -> Int {
        children[node].reduce(groups[node].count) { $0 + subtreeCount($1, groups) }
    }
}
