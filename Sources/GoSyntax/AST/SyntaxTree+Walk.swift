extension SyntaxTree {
    /// Visits `start` and the nodes below it in source order (depth first, go/ast.Inspect
    /// order). `visit` returns false to skip a node's children. Iterative, so any depth is safe.
    public func walk(from start: Node? = nil, _ visit: (Node) -> Bool) {
        var stack: [Node] = [start ?? root]
        var children: [Node] = []
        while let node = stack.popLast() {
            guard visit(node) else { continue }
            children.removeAll(keepingCapacity: true)
            forEachChild(node) { children.append($0) }
            stack.append(contentsOf: children.reversed())
        }
    }

    /// The nodes of one kind below `start` (or in the whole file), in source order.
    public func nodes(of kind: NodeKind, under start: Node? = nil) -> [Node] {
        var found: [Node] = []
        walk(from: start) { node in
            if self.kind(node) == kind { found.append(node) }
            return true
        }
        return found
    }
}
