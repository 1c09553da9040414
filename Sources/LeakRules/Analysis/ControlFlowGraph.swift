import GoSyntax

/// A function body's control flow at statement granularity: one vertex per statement (loop
/// and branch headers stand for their whole header), plus an exit. Built after the spec's
/// rules for `break`, `continue`, `goto`, `fallthrough`, labels and `return`; calls that
/// never return to the caller (`panic`, `os.Exit`, `log.Fatal…`) lead to the exit. Function
/// literals inside the body have graphs of their own.
public final class ControlFlowGraph {
    public let exit = 0
    public private(set) var entry = 0
    private(set) var successors: [[Int]] = [[]]
    /// Indexed by node index minus `firstNode` (a body's nodes are stored contiguously):
    /// the statement's vertex, or -1.
    private var vertexOfStatement: [Int32] = []
    /// The other way round: each vertex's statement (nil for the exit).
    private var statementOfVertex: [Node?] = [nil]
    private var firstNode: Int32 = 0

    /// `endlessRanges`: range statements to treat as never running out (over channels that
    /// may never be closed); they are left only by `break`, `return` or `goto`.
    init(tree: SyntaxTree, body: Node, endlessRanges: Set<Node> = []) {
        let lowest = tree.firstDescendant(of: body).index
        firstNode = lowest
        vertexOfStatement = [Int32](repeating: -1, count: Int(body.index - lowest) + 1)
        var builder = Builder(tree: tree, graph: self, endlessRanges: endlessRanges)
        builder.declareLabels(in: body)
        entry = builder.build(body, next: exit)
    }

    /// The vertex of a statement of this body, if it has one.
    public func vertex(of statement: Node) -> Int? {
        let slot = Int(statement.index - firstNode)
        guard slot >= 0 && slot < vertexOfStatement.count else { return nil }
        let vertex = vertexOfStatement[slot]
        return vertex >= 0 ? Int(vertex) : nil
    }

    /// Whether control can come back to `statement` after it ran: it is on a cycle.
    public func canRepeat(_ statement: Node) -> Bool {
        guard let start = vertex(of: statement) else { return false }
        return onCycle[start]
    }

    /// Whether the function can return (or panic) once `statement` has run.
    public func canReachExit(from statement: Node) -> Bool {
        guard let start = vertex(of: statement) else { return true }
        return successors[start].contains { reachesExit[$0] }
    }

    // Asked of every defer or loop of a body: found for all vertices at once, in time linear
    // in the graph (a search per question is quadratic on a body with thousands of them).
    private lazy var onCycle = ControlFlowGraph.verticesOnCycles(successors)
    private lazy var reachesExit = ControlFlowGraph.vertices(reaching: exit, successors)

    /// For each vertex, whether it lies on a cycle: its strongly connected component has
    /// more than one vertex, or it leads to itself (Tarjan's algorithm, without recursion).
    static func verticesOnCycles(_ successors: [[Int]]) -> [Bool] {
        let count = successors.count
        var index = [Int](repeating: -1, count: count), lowest = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count), result = [Bool](repeating: false, count: count)
        var stack: [Int] = [], next = 0
        var frames: [(vertex: Int, edge: Int)] = []
        for root in 0..<count where index[root] < 0 {
            frames.append((root, 0))
            index[root] = next; lowest[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while let (vertex, edge) = frames.last {
                if edge < successors[vertex].count {
                    frames[frames.count - 1].edge += 1
                    let target = successors[vertex][edge]
                    if target == vertex { result[vertex] = true }
                    if index[target] < 0 {
                        index[target] = next; lowest[target] = next; next += 1
                        stack.append(target); onStack[target] = true
                        frames.append((target, 0))
                    } else if onStack[target] {
                        lowest[vertex] = min(lowest[vertex], index[target])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.vertex { lowest[parent] = min(lowest[parent], lowest[vertex]) }
                guard lowest[vertex] == index[vertex] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == vertex { break }
                }
                if component.count > 1 { for member in component { result[member] = true } }
            }
        }
        return result
    }

    /// For each vertex, whether `target` can be reached from it (itself included).
    static func vertices(reaching target: Int, _ successors: [[Int]]) -> [Bool] {
        var predecessors = [[Int]](repeating: [], count: successors.count)
        for (vertex, targets) in successors.enumerated() {
            for next in targets { predecessors[next].append(vertex) }
        }
        var reached = [Bool](repeating: false, count: successors.count)
        reached[target] = true
        var work = [target]
        while let vertex = work.popLast() {
            for previous in predecessors[vertex] where !reached[previous] {
                reached[previous] = true
                work.append(previous)
            }
        }
        return reached
    }

    /// Whether control can get from `loop`'s header to a statement after the loop, not only
    /// to the function's exit: a `break`, a `goto` or a labelled `continue` out, or a condition
    /// that ends it. A loop for which this is false ends only by `return`, a panic, or never.
    public func canLeave(_ loop: Node, tree: SyntaxTree) -> Bool {
        guard let start = vertex(of: loop) else { return true }
        let inside = tree.firstDescendant(of: loop).index...loop.index
        var seen = [Bool](repeating: false, count: successors.count)
        seen[start] = true
        var work = [start]
        while let vertex = work.popLast() {
            for next in successors[vertex] {
                // the exit reached other than by `return` or a panic: the loop ran out, or a
                // `break` left it, and it was the function's last statement
                if next == exit {
                    if !endsFunction(statementOfVertex[vertex], tree: tree) { return true }
                    continue
                }
                if seen[next] { continue }
                seen[next] = true
                if let statement = statementOfVertex[next], !inside.contains(statement.index) { return true }
                work.append(next)
            }
        }
        return false
    }

    private func endsFunction(_ statement: Node?, tree: SyntaxTree) -> Bool {
        guard let statement else { return false }
        switch tree.kind(statement) {
        case .returnStmt: return true
        case .exprStmt: return tree.a(statement).map { ControlFlowGraph.neverReturns(tree, $0) } ?? false
        default: return false
        }
    }

    /// Whether `later` can run after `statement` has run, in the same call.
    public func canReach(from statement: Node, to later: Node) -> Bool {
        guard let start = vertex(of: statement), let target = vertex(of: later) else { return false }
        return reaches(from: successors[start], target: target)
    }

    private func reaches(from starts: [Int], target: Int) -> Bool {
        var seen = [Bool](repeating: false, count: successors.count)
        var work = starts
        while let vertex = work.popLast() {
            if vertex == target { return true }
            if seen[vertex] { continue }
            seen[vertex] = true
            work.append(contentsOf: successors[vertex])
        }
        return false
    }

    fileprivate func addVertex(for statement: Node?) -> Int {
        successors.append([])
        statementOfVertex.append(statement)
        let vertex = successors.count - 1
        if let statement {
            let slot = Int(statement.index - firstNode)
            if slot >= 0 && slot < vertexOfStatement.count { vertexOfStatement[slot] = Int32(vertex) }
        }
        return vertex
    }

    fileprivate func connect(_ vertex: Int, to next: [Int]) {
        successors[vertex] = next
    }

    private struct Target {
        let label: String?
        let breakTo: Int
        let continueTo: Int?  // nil for switch and select
    }

    private struct Builder {
        let tree: SyntaxTree
        let graph: ControlFlowGraph
        let endlessRanges: Set<Node>
        var targets: [Target] = []
        var labels: [String: Int] = [:]
        var fallthroughTo: Int?

        init(tree: SyntaxTree, graph: ControlFlowGraph, endlessRanges: Set<Node>) {
            self.tree = tree
            self.graph = graph
            self.endlessRanges = endlessRanges
        }

        /// Every label of the body gets its vertex first, so `goto` can jump forward.
        mutating func declareLabels(in body: Node) {
            tree.walk(from: body) { node in
                if tree.kind(node) == .funcLit { return false }
                if tree.kind(node) == .labeledStmt, let label = tree.a(node) {
                    labels[tree.name(label)] = graph.addVertex(for: node)
                }
                return true
            }
        }

        mutating func build(list: NodeList, next: Int) -> Int {
            var entry = next
            for statement in list.reversed() {
                entry = build(statement, next: entry)
            }
            return entry
        }

        mutating func simple(_ statement: Node, next: Int) -> Int {
            let vertex = graph.addVertex(for: statement)
            graph.connect(vertex, to: [next])
            return vertex
        }

        mutating func build(_ statement: Node, next: Int, label: String? = nil) -> Int {
            let t = tree
            switch t.kind(statement) {
            case .blockStmt:
                return build(list: t.list(statement, slot: .a), next: next)

            case .exprStmt:
                let vertex = graph.addVertex(for: statement)
                let leaves = t.a(statement).map { ControlFlowGraph.neverReturns(t, $0) } ?? false
                graph.connect(vertex, to: [leaves ? graph.exit : next])
                return vertex

            case .returnStmt:
                let vertex = graph.addVertex(for: statement)
                graph.connect(vertex, to: [graph.exit])
                return vertex

            case .branchStmt:
                let vertex = graph.addVertex(for: statement)
                let name = t.a(statement).map { t.name($0) }
                var to = next
                switch t.token(statement) {
                case .break:
                    if let target = targets.last(where: { name == nil || $0.label == name }) { to = target.breakTo }
                case .continue:
                    if let target = targets.last(where: { $0.continueTo != nil && (name == nil || $0.label == name) }) {
                        to = target.continueTo!
                    }
                case .goto:
                    if let name, let labelVertex = labels[name] { to = labelVertex }
                case .fallthrough:
                    if let fallthroughTo { to = fallthroughTo }
                default:
                    break
                }
                graph.connect(vertex, to: [to])
                return vertex

            case .labeledStmt:
                let name = t.a(statement).map { t.name($0) }
                let labelVertex = name.flatMap { labels[$0] } ?? graph.addVertex(for: statement)
                guard let inner = t.b(statement) else {
                    graph.connect(labelVertex, to: [next])
                    return labelVertex
                }
                graph.connect(labelVertex, to: [build(inner, next: next, label: name)])
                return labelVertex

            case .ifStmt:
                let header = graph.addVertex(for: statement)
                let thenEntry = t.c(statement).map { build($0, next: next) } ?? next
                let elseEntry = t.d(statement).map { build($0, next: next) } ?? next
                graph.connect(header, to: [thenEntry, elseEntry])
                return withInit(t.a(statement), header)

            case .forStmt:
                let header = graph.addVertex(for: statement)
                var continueTo = header
                if let post = t.c(statement) {
                    continueTo = graph.addVertex(for: post)
                    graph.connect(continueTo, to: [header])
                }
                targets.append(Target(label: label, breakTo: next, continueTo: continueTo))
                let bodyEntry = t.d(statement).map { build($0, next: continueTo) } ?? continueTo
                targets.removeLast()
                let endless = t.b(statement).map { t.kind($0) == .ident && t.hasText($0, "true") } ?? true
                graph.connect(header, to: endless ? [bodyEntry] : [bodyEntry, next])
                return withInit(t.a(statement), header)

            case .rangeStmt:
                let header = graph.addVertex(for: statement)
                targets.append(Target(label: label, breakTo: next, continueTo: header))
                let bodyEntry = t.d(statement).map { build($0, next: header) } ?? header
                targets.removeLast()
                graph.connect(header, to: endlessRanges.contains(statement) ? [bodyEntry] : [bodyEntry, next])
                return header

            case .switchStmt, .typeSwitchStmt:
                let header = graph.addVertex(for: statement)
                let clauses = t.c(statement).map { Array(t.list($0, slot: .a)) } ?? []
                targets.append(Target(label: label, breakTo: next, continueTo: nil))
                var entries: [Int] = []
                var following: Int?
                var hasDefault = false
                for clause in clauses.reversed() {
                    if t.flag(clause) { hasDefault = true }
                    let saved = fallthroughTo
                    fallthroughTo = following
                    let entry = build(list: t.list(clause, slot: .b), next: next)
                    fallthroughTo = saved
                    entries.insert(entry, at: 0)
                    following = entry
                }
                targets.removeLast()
                graph.connect(header, to: entries + (hasDefault ? [] : [next]))
                return withInit(t.a(statement), header)

            case .selectStmt:
                let header = graph.addVertex(for: statement)
                let clauses = t.a(statement).map { Array(t.list($0, slot: .a)) } ?? []
                targets.append(Target(label: label, breakTo: next, continueTo: nil))
                // `select {}` blocks forever: no successor
                let entries = clauses.map { build(list: t.list($0, slot: .b), next: next) }
                targets.removeLast()
                graph.connect(header, to: entries)
                return header

            default:
                return simple(statement, next: next)
            }
        }

        /// An `init;` statement runs before its header.
        mutating func withInit(_ initStatement: Node?, _ header: Int) -> Int {
            guard let initStatement else { return header }
            let vertex = graph.addVertex(for: initStatement)
            graph.connect(vertex, to: [header])
            return vertex
        }
    }

    /// Calls after which the function does not go on: `panic(…)`, `os.Exit(…)`,
    /// `log.Fatal…(…)`, `log.Panic…(…)`, `runtime.Goexit()`.
    static func neverReturns(_ tree: SyntaxTree, _ expression: Node) -> Bool {
        guard tree.kind(expression) == .callExpr, let fun = tree.a(expression) else { return false }
        if tree.kind(fun) == .ident { return tree.hasText(fun, "panic") }
        guard tree.kind(fun) == .selectorExpr, let base = tree.a(fun), let selector = tree.b(fun),
              tree.kind(base) == .ident else { return false }
        let package = tree.name(base)
        let function = tree.name(selector)
        switch package {
        case "os": return function == "Exit"
        case "log": return function.hasPrefix("Fatal") || function.hasPrefix("Panic")
        case "runtime": return function == "Goexit"
        default: return false
        }
    }
}
