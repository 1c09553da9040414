import GoSyntax

/// The channels a function makes itself (`ch := make(chan T[, n])`, `var ch = make(…)`),
/// followed to every use of their name, so a rule can tell who sends, who receives, who closes —
/// and whether the channel escapes (returned, stored, passed to a call, used in any other way),
/// in which case rules say nothing: someone elsewhere may drain it.
struct LocalChannel {
    /// One use of the channel, and where it sits.
    struct Use {
        /// The send statement, receive expression, range statement or close call.
        let node: Node
        /// The function body the use belongs to (a literal is its own body).
        let owner: FunctionBody
        /// Whether it repeats inside its own body (a loop of that body encloses it).
        let inLoop: Bool
    }

    let name: Node
    let make: Node
    /// Capacity argument, nil when unbuffered (none, or a literal 0).
    let capacity: Node?
    /// The function that makes the channel.
    let owner: FunctionBody
    var sends: [Use] = []
    /// Plain receives (`<-ch` outside a select case).
    var receives: [Use] = []
    /// Receives that are a select's case, with the case clause.
    var selectReceives: [(use: Use, clause: Node, select: Node)] = []
    var ranges: [Use] = []
    var closes: [Use] = []
    /// Sends that are a select's case (the select decides whether they block).
    var selectSends: [Use] = []
    var escapes = false

    var isUnbuffered: Bool { capacity == nil }
    var receiveCount: Int { receives.count + selectReceives.count + ranges.count }
}

/// Finds every local channel of a file and the statements around them, once per file.
struct LocalChannels {
    let tree: SyntaxTree
    let functions: [FunctionBody]
    let channels: [LocalChannel]
    /// `go` statements, each with the function literal it starts (nil for `go f(x)`).
    let goStatements: [(statement: Node, literal: Node?)]
    private let loops: [Node]

    init(_ file: FileContext) {
        let tree = file.tree
        self.tree = tree
        // `make(chan …)` calls first: most files have none, and then nothing else is needed
        let makes = Set(tree.nodes(of: .callExpr).filter { call in
            guard let fun = tree.a(call), tree.kind(fun) == .ident, tree.hasText(fun, "make"),
                  let first = tree.list(call, slot: \.c).first else { return false }
            return tree.kind(first) == .chanType
        })
        guard !makes.isEmpty else {
            (functions, loops, goStatements, channels) = ([], [], [], [])
            return
        }
        functions = file.functions
        loops = tree.nodes(of: .forStmt) + tree.nodes(of: .rangeStmt)
        goStatements = tree.nodes(of: .goStmt).map { statement in
            let fun = tree.a(statement).flatMap { tree.a($0) }
            return (statement, fun.flatMap { tree.kind($0) == .funcLit ? $0 : nil })
        }
        var found: [LocalChannel] = []
        var definitions: [(Node, Node)] = []
        do {
            for assign in tree.nodes(of: .assignStmt) where tree.token(assign) == .define {
                definitions += zip(tree.list(assign, slot: \.a), tree.list(assign, slot: \.b)).filter { makes.contains($0.1) }.map { ($0, $1) }
            }
            for spec in tree.nodes(of: .valueSpec) {
                definitions += zip(tree.list(spec, slot: \.a), tree.list(spec, slot: \.c)).filter { makes.contains($0.1) }.map { ($0, $1) }
            }
        }
        let functions = self.functions
        for (name, value) in definitions {
            guard tree.kind(name) == .ident, let fun = tree.a(value), file.scopes(around: fun).binding(of: fun) == .unresolved else { continue }
            let args = tree.list(value, slot: \.c)
            guard args.count <= 2, let owner = FunctionBody.owner(of: name, among: functions, in: tree) else { continue }
            let capacity = args.count == 2 && !(tree.kind(args[1]) == .basicLit && tree.hasText(args[1], "0")) ? args[1] : nil
            found.append(LocalChannel(name: name, make: value, capacity: capacity, owner: owner))
        }
        guard !found.isEmpty else {
            channels = []
            return
        }
        let places = Places(tree)
        var channelOfName: [Node: Int] = [:]
        for (index, channel) in found.enumerated() { channelOfName[channel.name] = index }
        // a local channel's uses are all inside the function, so inside its top-level declaration
        var declarations: [Node: Scopes] = [:]
        for channel in found {
            var outer = channel.owner.node
            while let enclosing = FunctionBody.owner(of: outer, among: functions, in: tree) { outer = enclosing.node }
            declarations[outer] = file.scopes(around: outer)
        }
        for (declaration, scopes) in declarations {
            for use in tree.nodes(of: .ident, under: declaration) {
                guard case .local(let name) = scopes.binding(of: use), name != use, let index = channelOfName[name] else { continue }
                LocalChannels.classify(use, into: &found[index], places: places, tree: tree, functions: functions, loops: loops)
            }
        }
        channels = found
    }

    /// The `go` statement that starts a literal, if it is one.
    func goStatement(starting literal: Node) -> Node? {
        goStatements.first { $0.literal == literal }?.statement
    }

    /// Whether `node` repeats inside `body` (a loop of `body`, not of a literal in it, encloses it).
    func inLoop(_ node: Node, of body: FunctionBody) -> Bool {
        let start = tree.start(node)
        return loops.contains { loop in
            tree.range(loop).contains(start) && tree.range(body.body).contains(tree.start(loop))
                && FunctionBody.owner(of: loop, among: functions, in: tree)?.node == body.node
        }
    }

    /// Return statements of `body` itself that start in `range`.
    func returns(of body: FunctionBody, in range: Range<Int>) -> [Node] {
        var found: [Node] = []
        body.forEachOwnNode(in: tree) { node in
            if tree.kind(node) == .returnStmt && range.contains(tree.start(node)) { found.append(node) }
        }
        return found
    }

    struct Places {
        let sends: [Node]
        let receives: [Node]
        let calls: [Node]
        let clauses: [Node]
        let selects: [Node]
        let ranges: [Node]

        init(_ tree: SyntaxTree) {
            sends = tree.nodes(of: .sendStmt)
            receives = tree.nodes(of: .unaryExpr).filter { tree.token($0) == .arrow }
            calls = tree.nodes(of: .callExpr)
            clauses = tree.nodes(of: .commClause)
            selects = tree.nodes(of: .selectStmt)
            ranges = tree.nodes(of: .rangeStmt)
        }
    }

    private static func classify(_ use: Node, into channel: inout LocalChannel, places: Places, tree: SyntaxTree,
                                 functions: [FunctionBody], loops: [Node]) {
        func record(_ node: Node) -> LocalChannel.Use? {
            guard let owner = FunctionBody.owner(of: node, among: functions, in: tree) else { return nil }
            let start = tree.start(node)
            let inLoop = loops.contains { loop in
                tree.range(loop).contains(start) && FunctionBody.owner(of: loop, among: functions, in: tree)?.node == owner.node
                    && tree.range(owner.body).contains(tree.start(loop))
            }
            return LocalChannel.Use(node: node, owner: owner, inLoop: inLoop)
        }
        // the clause whose communication is `statement` (`case ch <- v:`, `case <-ch:`, `case v := <-ch:`)
        func clause(of statementOrExpression: Node) -> Node? {
            places.clauses.first { clause in
                guard let comm = tree.a(clause) else { return false }
                if comm == statementOrExpression { return true }
                let expression = tree.kind(comm) == .exprStmt ? tree.a(comm) : tree.kind(comm) == .assignStmt ? tree.list(comm, slot: \.b).first : nil
                return expression == statementOrExpression
            }
        }
        if let send = places.sends.first(where: { tree.a($0) == use }), let recorded = record(send) {
            if clause(of: send) != nil { channel.selectSends.append(recorded) } else { channel.sends.append(recorded) }
            return
        }
        if let receive = places.receives.first(where: { tree.a($0) == use }), let recorded = record(receive) {
            if let clause = clause(of: receive),
               let select = places.selects.first(where: { tree.a($0).map { tree.list($0, slot: \.a).contains(clause) } ?? false }) {
                channel.selectReceives.append((recorded, clause, select))
            } else {
                channel.receives.append(recorded)
            }
            return
        }
        if let range = places.ranges.first(where: { tree.c($0) == use }), let recorded = record(range) {
            channel.ranges.append(recorded)
            return
        }
        let closing = places.calls.first { call in
            Array(tree.list(call, slot: \.c)) == [use] && (tree.a(call).map { tree.kind($0) == .ident && tree.hasText($0, "close") } ?? false)
        }
        if let closing, let recorded = record(closing) {
            channel.closes.append(recorded)
            return
        }
        channel.escapes = true
    }
}
