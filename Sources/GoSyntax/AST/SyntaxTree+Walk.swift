extension SyntaxTree {
    /// Visits `start` and the nodes below it in source order (depth first, go/ast.Inspect
    /// order). `visit` returns false to skip a node's children. Iterative, so any depth is safe.
    public func walk(from start: Node? = nil, _ visit: (Node) -> Bool) {
        nodes.withUnsafeBufferPointer { nodes in
            lists.withUnsafeBufferPointer { lists in
                var stack: [Node] = [start ?? root]
                var children: [Node] = []
                while let node = stack.popLast() {
                    guard visit(node) else { continue }
                    children.removeAll(keepingCapacity: true)
                    SyntaxTree.forEachChild(of: nodes[Int(node.index)], lists: lists) { children.append($0) }
                    var index = children.count
                    while index > 0 {
                        index -= 1
                        stack.append(children[index])
                    }
                }
            }
        }
    }

    /// The nodes of one kind below `start` (or in the whole file), in source order.
    public func nodes(of kind: NodeKind, under start: Node? = nil) -> [Node] {
        guard let start else { return nodes(of: kind) }
        let range = self.range(start)
        return nodes(of: kind).filter { range.contains(self.start($0)) || self.start($0) == range.lowerBound }
    }

    /// Every node of one kind in the file, in source order: one pass over the storage, no walk.
    public func nodes(of kind: NodeKind) -> [Node] {
        var found: [Node] = []
        nodes.withUnsafeBufferPointer { nodes in
            for index in 0..<nodes.count where nodes[index].kind == kind {
                found.append(Node(Int32(index)))
            }
        }
        // children are stored before their parents; order by position (outer first on ties)
        return found.sorted { (start($0), -end($0)) < (start($1), -end($1)) }
    }

    /// Whether the file has any node of this kind (the cheapest bail-out for a rule).
    public func contains(_ kind: NodeKind) -> Bool {
        nodes.withUnsafeBufferPointer { nodes in nodes.contains { $0.kind == kind } }
    }
}
