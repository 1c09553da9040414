/// Each node's parent, for an analysis that looks up from a node (what statement is this
/// identifier part of?). The parser keeps no parent links, so this is one pass over the
/// storage, made only for the files that need it.
public struct Parents: Sendable {
    private let parents: [Int32]

    public init(_ tree: SyntaxTree) {
        let nodes = tree.storage.nodes
        let lists = tree.storage.lists
        var parents = [Int32](repeating: -1, count: nodes.count)
        parents.withUnsafeMutableBufferPointer { parents in
            // in storage order: a node held twice (a range clause is first parsed as an
            // assignment, then the range statement takes its parts) gets the later holder,
            // the one under the root
            for index in nodes.indices {
                SyntaxTree.forEachChild(of: nodes[index], lists: lists) { parents[Int($0.index)] = Int32(index) }
            }
        }
        self.parents = parents
    }

    /// The node whose child `node` is; nil for the file's root.
    public func parent(of node: Node) -> Node? {
        let parent = parents[Int(node.index)]
        return parent >= 0 ? Node(parent) : nil
    }
}
