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
        // a group that spawns its own kind (or a loop of groups) hangs nowhere: cut the loop.
        // One pass: a walk up stops at a group an earlier walk placed, so a chain of any
        // depth costs its length, not its length squared.
        var state = [UInt8](repeating: 0, count: groups.count)  // 0 unseen, 1 on this walk, 2 placed
        var path: [Int] = []
        for start in parents.indices where state[start] == 0 {
            var node = start
            while true {
                state[node] = 1
                path.append(node)
                guard let parent = parents[node] else { break }
                if state[parent] == 1 {
                    parents[node] = nil
                    break
                }
                if state[parent] == 2 { break }
                node = parent
            }
            for placed in path { state[placed] = 2 }
            path.removeAll(keepingCapacity: true)
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

    /// For each group, the goroutines in it and in everything it started, transitively.
    /// Without recursion: a creation chain can be as deep as the dump is long.
    public func subtreeCounts(_ groups: [GoroutineGroup]) -> [Int] {
        var order: [Int] = []
        var stack = roots
        while let node = stack.popLast() {
            order.append(node)
            stack += children[node]
        }
        var totals = groups.map(\.count)
        for node in order.reversed() {
            if let parent = parents[node] { totals[parent] += totals[node] }
        }
        return totals
    }
}
