import Synchronization

/// The nodes of each kind a rule has asked for, kept: several rules ask for the same kinds
/// (calls, loops, `go` statements), and each kind then costs one pass over the storage.
final class KindIndex: Sendable {
    private let found = Mutex<[[Node]?]>([])

    func nodes(of kind: NodeKind, in tree: SyntaxTree) -> [Node] {
        let slot = Int(kind.rawValue)
        if let known = found.withLock({ $0.isEmpty ? nil : $0[slot] }) { return known }
        let nodes = KindIndex.scan(for: kind, in: tree)
        found.withLock { found in
            if found.isEmpty { found = Array(repeating: nil, count: NodeKind.allCases.count) }
            found[slot] = nodes
        }
        return nodes
    }

    private static func scan(for kind: NodeKind, in tree: SyntaxTree) -> [Node] {
        var found: [Node] = []
        let nodes = tree.storage.nodes
        if kind.isListedByParser {
            for index in tree.storage.listedNodes where nodes[Int(index)].kind == kind { found.append(Node(index)) }
            return tree.inSourceOrder(found)
        }
        for index in 0..<nodes.count where nodes[index].kind == kind {
            found.append(Node(Int32(index)))
        }
        return tree.inSourceOrder(found)
    }
}
