import GoSyntax

/// The file's identifiers by name, made in one pass: finding a variable's uses looks at the
/// identifiers of that name in its scope, not at every identifier of the scope (a function
/// that declares a thousand channels would otherwise cost a thousand scans of its body).
struct IdentifierIndex {
    /// In source order.
    private let byName: [String: [Node]]

    init(_ tree: SyntaxTree) {
        var byName: [String: [Node]] = [:]
        for ident in tree.nodes(of: .ident) { byName[tree.name(ident), default: []].append(ident) }
        self.byName = byName.mapValues { $0.sorted { tree.start($0) < tree.start($1) } }
    }

    /// The identifiers spelled `name` that start in `range` (a scope's source), in source order.
    func identifiers(named name: String, startingIn range: Range<Int>, of tree: SyntaxTree) -> ArraySlice<Node> {
        guard let all = byName[name] else { return [] }
        func firstStarting(atOrAfter offset: Int) -> Int {
            var lower = 0, upper = all.count
            while lower < upper {
                let middle = (lower + upper) / 2
                if tree.start(all[middle]) < offset { lower = middle + 1 } else { upper = middle }
            }
            return lower
        }
        return all[firstStarting(atOrAfter: range.lowerBound)..<firstStarting(atOrAfter: range.upperBound)]
    }
}
