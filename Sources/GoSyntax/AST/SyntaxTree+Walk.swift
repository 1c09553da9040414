#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SyntaxTree {
    /// Visits `start` and the nodes below it in source order (depth first, go/ast.Inspect
    /// order). `visit` returns false to skip a node's children. Iterative, so any depth is safe.
    public func walk(from start: Node? = nil, _ visit: (Node) -> Bool) {
        let nodes = storage.nodes
        let lists = storage.lists
        var stack: [Node] = [start ?? root]
        while let node = stack.popLast() {
            guard visit(node) else { continue }
            // pushed in order, then turned around so that the first child is visited first
            let mark = stack.count
            SyntaxTree.forEachChild(of: nodes[Int(node.index)], lists: lists) { stack.append($0) }
            var low = mark, high = stack.count - 1
            while low < high {
                stack.swapAt(low, high)
                low += 1
                high -= 1
            }
        }
    }

    /// The nodes of one kind below `start` (or in the whole file), in source order.
    public func nodes(of kind: NodeKind, under start: Node? = nil) -> [Node] {
        guard let start else { return nodes(of: kind) }
        guard contains(kind) else { return [] }
        var found: [Node] = []
        let nodes = storage.nodes
        for index in Int(firstDescendant(of: start).index)...Int(start.index) where nodes[index].kind == kind {
            found.append(Node(Int32(index)))
        }
        return inSourceOrder(found)
    }

    /// The lowest-numbered node of `node`'s subtree. The parser appends a node after its
    /// children, and everything it appends while parsing a node belongs to that node, so a
    /// subtree is the run of nodes from this one up to `node` itself: found by walking down
    /// the storage while the nodes lie within `node`'s source range.
    public func firstDescendant(of node: Node) -> Node {
        let range = self.range(node)
        var first = node.index
        let nodes = storage.nodes
        var index = Int(node.index) - 1
        while index >= 0 {
            let record = nodes[index]
            let start = Int(record.start)
            guard start >= range.lowerBound && Int(record.end) <= range.upperBound && start < range.upperBound
                    || start == range.lowerBound && Int(record.end) == start else { break }
            first = Int32(index)
            index -= 1
        }
        return Node(first)
    }

    /// Every node of one kind in the file, in source order (from the tree's kind index).
    public func nodes(of kind: NodeKind) -> [Node] {
        guard contains(kind) else { return [] }
        return storage.kindIndex.nodes(of: kind, in: self)
    }

    /// How many nodes of one kind have exactly this source text: one pass, no array and no
    /// string made (a rule asking whether a name is ever declared, for example).
    public func count(of kind: NodeKind, withText text: StaticString) -> Int {
        guard contains(kind) else { return 0 }
        let length = Int32(text.utf8CodeUnitCount)
        var count = 0
        let nodes = storage.nodes
        storage.source.bytes.withUnsafeBufferPointer { bytes in
            for record in nodes where record.kind == kind && record.end - record.start == length
                && memcmp(bytes.baseAddress! + Int(record.start), text.utf8Start, Int(length)) == 0 {
                count += 1
            }
        }
        return count
    }

    /// Children are stored before their parents, so nodes of a kind that nests (a call in a
    /// call's arguments) come out of storage inner first: order by position, outer first on
    /// ties. Kinds that do not nest are in order already, and checking costs one pass.
    func inSourceOrder(_ found: [Node]) -> [Node] {
        let precedes = { (a: Node, b: Node) in (start(a), -end(a)) < (start(b), -end(b)) }
        var index = 1
        while index < found.count && precedes(found[index - 1], found[index]) { index += 1 }
        return index >= found.count ? found : found.sorted(by: precedes)
    }

    /// Whether the file has any node of this kind (the cheapest bail-out for a rule): one bit
    /// the parser set, no scan.
    public func contains(_ kind: NodeKind) -> Bool {
        kindsPresent & (1 << kind.rawValue) != 0
    }
}
