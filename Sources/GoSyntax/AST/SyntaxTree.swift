#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A node of a `SyntaxTree`: an index into its storage.
public struct Node: Hashable, Comparable, Sendable {
    public let index: Int32
    init(_ index: Int32) { self.index = index }
    public static func < (lhs: Node, rhs: Node) -> Bool { lhs.index < rhs.index }
}

/// One node's storage: 32 bytes, no references, so a tree is a few flat arrays that are built
/// and freed in one piece. See `NodeKind` for what the slots hold.
struct NodeRecord: BitwiseCopyable {
    var kind: NodeKind
    var op: UInt8 = 0
    var flag = false
    var start: Int32
    var end: Int32
    var a: Int32 = -1
    var b: Int32 = -1
    var c: Int32 = -1
    var d: Int32 = -1
    var e: Int32 = -1
}

/// A parsed Go file: its nodes, comments and syntax errors, and the source they point into.
public struct SyntaxTree: Sendable {
    /// Everything lives in one object, so passing a tree around (rules do, constantly) costs
    /// one reference count, not one per array.
    /// Unchecked Sendable: nothing in it changes after `init`, and the node and list blocks
    /// it owns are freed only when the last reference goes.
    final class Storage: @unchecked Sendable {
        let source: SourceFile
        let nodes: UnsafeBufferPointer<NodeRecord>
        /// Lists: at a list's index, its length, then its nodes.
        let lists: UnsafeBufferPointer<Int32>
        /// The nodes of the kinds the parser lists (`NodeKind.isListedByParser`), children first.
        let listedNodes: UnsafeBufferPointer<Int32>
        /// Bit `k` is set when storage holds a node of kind `k` (NodeKind has fewer than 64 cases).
        let kindsPresent: UInt64
        let comments: [Comment]
        let errors: [SyntaxError]
        let kindIndex = KindIndex()
        private let nodeBuffer: FlatBuffer<NodeRecord>
        private let listBuffer: FlatBuffer<Int32>
        private let listedBuffer: FlatBuffer<Int32>

        init(source: SourceFile, nodes: FlatBuffer<NodeRecord>, lists: FlatBuffer<Int32>, listedNodes: FlatBuffer<Int32>,
             kindsPresent: UInt64, comments: [Comment], errors: [SyntaxError]) {
            self.source = source
            nodeBuffer = nodes
            listBuffer = lists
            listedBuffer = listedNodes
            self.nodes = nodes.elements
            self.lists = lists.elements
            self.listedNodes = listedNodes.elements
            self.kindsPresent = kindsPresent
            self.comments = comments
            self.errors = errors
        }

        deinit {
            nodeBuffer.deallocate()
            listBuffer.deallocate()
            listedBuffer.deallocate()
        }
    }

    let storage: Storage
    /// The `file` node.
    public let root: Node

    public var source: SourceFile { storage.source }
    public var comments: [Comment] { storage.comments }
    public var errors: [SyntaxError] { storage.errors }
    var kindsPresent: UInt64 { storage.kindsPresent }

    init(source: SourceFile, nodes: FlatBuffer<NodeRecord>, lists: FlatBuffer<Int32>, listedNodes: FlatBuffer<Int32>,
         kindsPresent: UInt64, root: Node, comments: [Comment], errors: [SyntaxError]) {
        storage = Storage(source: source, nodes: nodes, lists: lists, listedNodes: listedNodes, kindsPresent: kindsPresent,
                          comments: comments, errors: errors)
        self.root = root
    }

    public var nodeCount: Int { storage.nodes.count }

    // MARK: - Every node

    public func kind(_ node: Node) -> NodeKind { storage.nodes[Int(node.index)].kind }
    /// Offset of the node's first byte.
    public func start(_ node: Node) -> Int { Int(storage.nodes[Int(node.index)].start) }
    /// Offset just past the node's last byte (go/ast's End).
    public func end(_ node: Node) -> Int { Int(storage.nodes[Int(node.index)].end) }
    public func range(_ node: Node) -> Range<Int> { start(node)..<end(node) }

    /// The node's source text.
    public func text(_ node: Node) -> String {
        storage.source.text(start(node)..<end(node))
    }

    /// Whether the node's source text is exactly `text` (no string is made).
    public func hasText(_ node: Node, _ text: StaticString) -> Bool {
        let record = storage.nodes[Int(node.index)]
        let length = Int(record.end - record.start)
        guard length == text.utf8CodeUnitCount else { return false }
        let start = Int(record.start)
        return storage.source.bytes.withUnsafeBufferPointer { bytes in
            for index in 0..<length where bytes[start + index] != text.utf8Start[index] { return false }
            return true
        }
    }

    /// Whether two nodes have the same source text (no string is made).
    public func hasSameText(_ node: Node, as other: Node) -> Bool {
        let (a, b) = (storage.nodes[Int(node.index)], storage.nodes[Int(other.index)])
        let length = Int(a.end - a.start)
        guard length == Int(b.end - b.start) else { return false }
        guard length > 0 else { return true }
        return storage.source.bytes.withUnsafeBufferPointer { bytes in
            memcmp(bytes.baseAddress! + Int(a.start), bytes.baseAddress! + Int(b.start), length) == 0
        }
    }

    /// The operator or keyword token of a unary, binary, assignment, inc/dec, branch,
    /// range or general declaration node.
    public func token(_ node: Node) -> Token { Token(rawValue: storage.nodes[Int(node.index)].op) ?? .illegal }

    // MARK: - Slots (see NodeKind)

    func record(_ node: Node) -> NodeRecord { storage.nodes[Int(node.index)] }

    /// A child slot: nil when absent.
    func child(_ value: Int32) -> Node? { value >= 0 ? Node(value) : nil }

    /// An offset slot: nil when absent.
    func offset(_ value: Int32) -> Int? { value >= 0 ? Int(value) : nil }

    /// A list slot.
    func list(_ value: Int32) -> NodeList { NodeList(storage: storage, base: Int(value)) }

    public func a(_ node: Node) -> Node? { child(record(node).a) }
    public func b(_ node: Node) -> Node? { child(record(node).b) }
    public func c(_ node: Node) -> Node? { child(record(node).c) }
    public func d(_ node: Node) -> Node? { child(record(node).d) }
}

/// The nodes of a list slot, in source order.
public struct NodeList: RandomAccessCollection, Sendable {
    /// Held so the list's block outlives any use of the list.
    let storage: SyntaxTree.Storage
    let base: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { base >= 0 ? Int(storage.lists[base]) : 0 }
    public subscript(position: Int) -> Node { Node(storage.lists[base + 1 + position]) }
}
