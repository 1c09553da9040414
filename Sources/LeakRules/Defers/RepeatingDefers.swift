import GoSyntax

/// The defers of a file that can run more than once in one call of their function, each with
/// what L101 and L102 need to tell a leak from a pile-up that ends soon: whether a loop around
/// it can end other than by `return`, whether its function can return at all, and whether a
/// guard lets it run only once.
struct RepeatingDefer {
    let statement: Node
    let function: FunctionBody
    /// The innermost `for` or `range` around the defer in its own function (nil for a loop
    /// made with `goto`).
    let loop: Node?
    /// The innermost loop around the defer that does not end by itself: a `for` with no
    /// condition (unless it reads a stream to `io.EOF`: then the input ends it), or a range
    /// over a channel (it ends only when someone closes the channel). Such a loop runs until
    /// something happens: a `return`, a `break` on an error, or never. Nil when every loop
    /// around the defer ends by itself (over a slice, up to a count, while a condition holds).
    let unending: Node?
    /// Whether a `break` or `goto` can leave `unending` (its evidence is weaker: the loop may
    /// end when what it waits for fails).
    let leftByBreak: Bool
    /// Whether `unending` is a range over a channel.
    let overChannel: Bool
    /// Whether the function can never return once the defer has run.
    let neverReturns: Bool
    /// The `return` statements inside `unending` (how the loop ends, for the message).
    let exits: [Node]
}

enum RepeatingDefers {
    static func find(in pass: Pass) -> [RepeatingDefer] {
        let tree = pass.tree
        guard tree.contains(.deferStmt) else { return [] }  // the cheap bail-out
        // Every question below is asked by walking up from a defer to its own function, and
        // every graph question is answered for all statements at once: the work grows with
        // the code, not with the number of defers times the number of loops.
        let parents = pass.file.parents
        // A defer can only repeat inside a `for` or `range`, or in a loop made with a `goto`:
        // a defer with neither around it needs no control-flow graph. The loop must be the
        // defer's own function's: a defer in a literal inside a loop (`t.Run(name, func(t
        // *testing.T) { defer … })`, or the fix itself) runs once per call of the literal.
        var defers = tree.nodes(of: .deferStmt)
        let mayJumpBack = tree.contains(.labeledStmt) && tree.nodes(of: .branchStmt).contains { tree.token($0) == .goto }
        if !mayJumpBack {
            defers = defers.filter { loops(around: $0, tree: tree, parents: parents).first != nil }
            guard !defers.isEmpty else { return [] }
        }
        let owners = Set(defers.compactMap { ownFunction(of: $0, tree: tree, parents: parents) })
        var found: [RepeatingDefer] = []
        for function in pass.file.functions where owners.contains(function.node) {
            var defers: [Node] = []
            var rangeCandidates: [Node] = []
            function.forEachOwnNode(in: tree) { node in
                switch tree.kind(node) {
                case .deferStmt: defers.append(node)
                case .rangeStmt: rangeCandidates.append(node)
                default: break
                }
            }
            let graph = pass.file.controlFlow(of: function)
            let timers = TimerCases()
            let repeating = defers.filter { graph.canRepeat($0) && !runsOnce($0, in: function, timers: timers, tree: tree, parents: parents) }
            guard !repeating.isEmpty else { continue }
            // A range over a channel may never end (nobody may ever close the channel): the
            // graph for a defer treats the channel ranges around it so.
            let channels = ChannelExpressions(tree: tree, function: function, in: pass.file)
            let channelRanges = Set(rangeCandidates.filter { tree.c($0).map(channels.isChannel) ?? false })
            var graphs: [Set<Node>: ControlFlowGraph] = [[]: graph]
            var leavable: [Node: Bool] = [:]
            var endless: [Node: Bool] = [:]
            var exitsOf: [Node: [Node]] = [:]
            for statement in repeating {
                let around = loops(around: statement, tree: tree, parents: parents)
                let ranges = Set(around.filter(channelRanges.contains))
                let endlessGraph = graphs[ranges] ?? ControlFlowGraph(tree: tree, body: function.body, endlessRanges: ranges)
                graphs[ranges] = endlessGraph
                // each loop's questions are answered once, however many defers it holds
                let unending = around.first { loop -> Bool in
                    if let known = endless[loop] { return known }
                    if leavable[loop] == nil { leavable[loop] = endlessGraph.canLeave(loop, tree: tree) }
                    let answer = leavable[loop] == false
                        || (tree.kind(loop) == .forStmt && tree.b(loop) == nil && !readsToEndOfInput(loop, tree: tree))
                    endless[loop] = answer
                    return answer
                }
                let exits = unending.map { loop -> [Node] in
                    if let known = exitsOf[loop] { return known }
                    let found = (tree.nodes(of: .returnStmt, under: loop) + breaks(leaving: loop, tree: tree, parents: parents))
                        .filter { ownFunction(of: $0, tree: tree, parents: parents) == function.node }.sorted()
                    exitsOf[loop] = found
                    return found
                } ?? []
                found.append(RepeatingDefer(statement: statement, function: function, loop: around.first, unending: unending,
                                            leftByBreak: unending.map { leavable[$0] ?? false } ?? false,
                                            overChannel: unending.map(channelRanges.contains) ?? false,
                                            neverReturns: !endlessGraph.canReachExit(from: statement), exits: exits))
            }
        }
        return found
    }

    /// The `for` and `range` statements around `node` in its own function, innermost first.
    static func loops(around node: Node, tree: SyntaxTree, parents: Parents) -> [Node] {
        var loops: [Node] = []
        var current = parents.parent(of: node)
        while let ancestor = current {
            switch tree.kind(ancestor) {
            case .forStmt, .rangeStmt: loops.append(ancestor)
            case .funcLit, .funcDecl: return loops
            default: break
            }
            current = parents.parent(of: ancestor)
        }
        return loops
    }

    /// The function declaration or literal `node` belongs to.
    static func ownFunction(of node: Node, tree: SyntaxTree, parents: Parents) -> Node? {
        var current = parents.parent(of: node)
        while let ancestor = current {
            if tree.kind(ancestor) == .funcLit || tree.kind(ancestor) == .funcDecl { return ancestor }
            current = parents.parent(of: ancestor)
        }
        return nil
    }

    /// A defer behind a guard that the guarded block itself turns off runs at most once:
    /// `if !locked { mu.Lock(); defer mu.Unlock(); locked = true }`, or `if t == nil { t =
    /// newTimer(); defer t.Stop() }`. Found when a variable of the `if` condition is assigned
    /// in the `if` body, between the defer and its loop. So does one in a `select` case that
    /// fires once: a receive from a timer made before the loop and not reset in it.
    static func runsOnce(_ deferStmt: Node, in function: FunctionBody, timers: TimerCases, tree: SyntaxTree, parents: Parents) -> Bool {
        var child = deferStmt
        var current = parents.parent(of: deferStmt)
        while let ancestor = current {
            switch tree.kind(ancestor) {
            case .forStmt, .rangeStmt, .funcLit, .funcDecl:
                return false
            case .ifStmt where tree.c(ancestor) == child:
                if let condition = tree.b(ancestor), guardIsTurnedOff(condition, in: child, tree: tree) { return true }
            case .commClause:
                if let communication = tree.a(ancestor), receivesFromTimer(communication, in: function, around: deferStmt,
                                                                         timers: timers, tree: tree, parents: parents) { return true }
            default:
                break
            }
            child = ancestor
            current = parents.parent(of: ancestor)
        }
        return false
    }

    private static func guardIsTurnedOff(_ condition: Node, in body: Node, tree: SyntaxTree) -> Bool {
        let names = Set(tree.nodes(of: .ident, under: condition).map { tree.name($0) }).subtracting(["nil", "true", "false"])
        guard !names.isEmpty else { return false }
        return tree.nodes(of: .assignStmt, under: body).contains { assignment in
            tree.list(assignment, slot: .a).contains { target in
                tree.kind(target) == .ident && names.contains(tree.name(target))
            }
        }
    }

    /// `case <-t.C:` or `case <-after:` where `t := time.NewTimer(…)` or `after :=
    /// time.After(…)` runs before the loop around the case, and nothing in the loop resets or
    /// reassigns it: the case fires once.
    private static func receivesFromTimer(_ communication: Node, in function: FunctionBody, around deferStmt: Node,
                                          timers: TimerCases, tree: SyntaxTree, parents: Parents) -> Bool {
        var received: Node?
        switch tree.kind(communication) {
        case .exprStmt: received = tree.a(communication)
        case .assignStmt: received = tree.list(communication, slot: .b).first
        default: return false
        }
        guard let receive = received, tree.kind(receive) == .unaryExpr, tree.token(receive) == .arrow,
              var channel = tree.a(receive) else { return false }
        if tree.kind(channel) == .selectorExpr, let base = tree.a(channel), let field = tree.b(channel), tree.hasText(field, "C") {
            channel = base
        }
        guard tree.kind(channel) == .ident, let loop = loops(around: deferStmt, tree: tree, parents: parents).last else { return false }
        let name = tree.name(channel)
        // asked once per channel name and loop: a select of thousands of cases asks often
        let key = TimerCases.Key(loop: loop, name: name)
        if let known = timers.answers[key] { return known }
        let answer = firesOnce(name, loop: loop, in: function, tree: tree)
        timers.answers[key] = answer
        return answer
    }

    private static func firesOnce(_ name: String, loop: Node, in function: FunctionBody, tree: SyntaxTree) -> Bool {
        let loopRange = tree.range(loop)
        var madeBefore = false
        for assignment in tree.nodes(of: .assignStmt, under: function.body) {
            let targets = Array(tree.list(assignment, slot: .a))
            guard let index = targets.firstIndex(where: { tree.kind($0) == .ident && tree.name($0) == name }) else { continue }
            if loopRange.contains(tree.start(assignment)) { return false }  // made again in the loop
            let values = Array(tree.list(assignment, slot: .b))
            guard index < values.count else { continue }
            madeBefore = madeBefore || isTimer(values[index], tree: tree)
        }
        guard madeBefore else { return false }
        // `t.Reset(…)` in the loop arms it again
        return !tree.nodes(of: .callExpr, under: loop).contains { call in
            guard let fun = tree.a(call), tree.kind(fun) == .selectorExpr, let base = tree.a(fun), let method = tree.b(fun) else { return false }
            return tree.kind(base) == .ident && tree.name(base) == name && tree.hasText(method, "Reset")
        }
    }

    private static func isTimer(_ value: Node, tree: SyntaxTree) -> Bool {
        guard tree.kind(value) == .callExpr, let fun = tree.a(value), tree.kind(fun) == .selectorExpr,
              let base = tree.a(fun), let function = tree.b(fun), tree.kind(base) == .ident, tree.hasText(base, "time") else { return false }
        return tree.hasText(function, "NewTimer") || tree.hasText(function, "After")
    }

    /// A loop that compares an error with `io.EOF` consumes a stream that ends (an archive,
    /// a file): bounded by its input, not a long-running loop.
    static func readsToEndOfInput(_ loop: Node, tree: SyntaxTree) -> Bool {
        tree.nodes(of: .selectorExpr, under: loop).contains { selector in
            guard let base = tree.a(selector), let name = tree.b(selector) else { return false }
            return tree.kind(base) == .ident && tree.hasText(base, "io") && tree.hasText(name, "EOF")
        }
    }

    /// The `break`s that leave `loop` (unlabelled in it, or naming its label) and the `goto`s in it.
    static func breaks(leaving loop: Node, tree: SyntaxTree, parents: Parents) -> [Node] {
        let label = parents.parent(of: loop).flatMap { tree.kind($0) == .labeledStmt ? tree.a($0).map { tree.name($0) } : nil }
        return tree.nodes(of: .branchStmt, under: loop).filter { branch in
            switch tree.token(branch) {
            case .goto: return true
            case .break:
                if let name = tree.a(branch).map({ tree.name($0) }) { return name == label }
                var current = parents.parent(of: branch)
                while let ancestor = current {
                    switch tree.kind(ancestor) {
                    case .forStmt, .rangeStmt, .switchStmt, .typeSwitchStmt, .selectStmt: return ancestor == loop
                    default: current = parents.parent(of: ancestor)
                    }
                }
                return false
            default: return false
            }
        }
    }
}

/// What `receivesFromTimer` found, per loop and channel name, within one function.
final class TimerCases {
    struct Key: Hashable {
        let loop: Node
        let name: String
    }
    var answers: [Key: Bool] = [:]
}
