import GoSyntax

/// The channels a function makes itself (`ch := make(chan T[, n])`, `var ch = make(…)`),
/// followed to every use of their name, so a rule can tell who sends, who receives, who closes —
/// and whether the channel escapes (returned, stored, passed to a call it cannot see into, used
/// in any other way), in which case rules say nothing: someone elsewhere may drain it.
///
/// A channel passed to a function declared in the same file (`go worker(jobs)`, `wait(done)`)
/// is followed into that function's body, one level: the parameter's sends, receives, ranges
/// and closes count as the channel's, made by the goroutine `go` starts or, for a plain call,
/// by the caller at the call.
struct LocalChannel {
    /// One use of the channel, and where it sits.
    struct Use {
        /// The send statement, receive expression, range statement or close call.
        let node: Node
        /// The function body the use belongs to (a literal is its own body).
        let owner: FunctionBody
        /// Whether it repeats inside its own body (a loop of that body encloses it).
        let inLoop: Bool
        /// The `go` statement whose goroutine makes this use: the one starting the literal it
        /// is in, or `go f(ch)` when it is in the body of `f`; nil for the channel's own function.
        let goStatement: Node?
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
    /// The function each node belongs to, and whether a loop of it repeats the node.
    let owners: FunctionOwners

    init(_ file: FileContext) {
        let tree = file.tree
        self.tree = tree
        // `make(chan …)` calls first: most files have none (no channel type at all, even
        // cheaper to know), and then nothing else is needed
        let makeCalls = !tree.contains(.chanType) ? [] : tree.nodes(of: .callExpr).filter { call in
            guard let fun = tree.a(call), tree.kind(fun) == .ident else { return false }
            return tree.hasText(fun, "make")
        }
        let makes = makeCalls.filter { call in
            guard let first = tree.list(call, slot: .c).first else { return false }
            return tree.kind(first) == .chanType
        }
        guard !makes.isEmpty else {
            (functions, goStatements, channels) = ([], [], [])
            owners = FunctionOwners(tree: tree, parents: file.parents, functions: [])
            return
        }
        functions = file.functions
        owners = FunctionOwners(tree: tree, parents: file.parents, functions: functions)
        goStatements = tree.nodes(of: .goStmt).map { statement in
            let fun = tree.a(statement).flatMap { tree.a($0) }
            return (statement, fun.flatMap { tree.kind($0) == .funcLit ? $0 : nil })
        }
        let parents = file.parents
        // the names the channels are given: `ch := make(…)` or `var ch = make(…)`
        var definitions: [(name: Node, make: Node, statement: Node)] = []
        for make in makes {
            guard let statement = parents.parent(of: make) else { continue }
            let (names, values): (NodeList, NodeList)
            switch tree.kind(statement) {
            case .assignStmt where tree.token(statement) == .define:
                (names, values) = (tree.list(statement, slot: .a), tree.list(statement, slot: .b))
            case .valueSpec:
                (names, values) = (tree.list(statement, slot: .a), tree.list(statement, slot: .c))
            default:
                continue
            }
            guard let position = values.firstIndex(of: make), position < names.count else { continue }
            definitions.append((names[position], make, statement))
        }
        let functions = self.functions
        // `make` can be shadowed only by a declaration naming it, and that name is no call's
        // function: when every `make` of the file is called, none is declared, and no scopes
        // need resolving to know it is the builtin
        let makeIsBuiltin = tree.count(of: .ident, withText: "make") == makeCalls.count
        var found: [LocalChannel] = []
        var statements: [Node] = []
        for (name, value, statement) in definitions {
            guard tree.kind(name) == .ident, let fun = tree.a(value),
                  makeIsBuiltin || file.scopes(around: fun).binding(of: fun) == .unresolved else { continue }
            let args = tree.list(value, slot: .c)
            guard args.count <= 2, let owner = owners.owner(of: name) else { continue }
            let capacity = args.count == 2 && !(tree.kind(args[1]) == .basicLit && tree.hasText(args[1], "0")) ? args[1] : nil
            found.append(LocalChannel(name: name, make: value, capacity: capacity, owner: owner))
            statements.append(statement)
        }
        guard !found.isEmpty else {
            channels = []
            return
        }
        var startedBy: [Node: Node] = [:]
        for (statement, literal) in goStatements { if let literal, startedBy[literal] == nil { startedBy[literal] = statement } }
        var declared: [String: FunctionBody] = [:]
        for function in functions where tree.kind(function.node) == .funcDecl && tree.a(function.node) == nil {
            if let name = tree.b(function.node), declared[tree.name(name)] == nil { declared[tree.name(name)] = function }
        }
        let classifier = Classifier(file: file, tree: tree, parents: parents, owners: owners, startedBy: startedBy, declared: declared)
        for index in found.indices {
            // by name in the channel's scope; by resolving scopes when the name is declared again there
            let uses = NameUses.uses(of: found[index].name, declaredBy: statements[index], in: file)
                ?? LocalChannels.declaredUses(of: found[index].name, in: file)
            for use in uses { classifier.classify(use, into: &found[index], followCalls: true) }
        }
        channels = found
    }

    /// The uses of a local name, by the scopes of its top-level declaration.
    static func declaredUses(of name: Node, in file: FileContext) -> [Node] {
        let tree = file.tree
        guard let declaration = file.declaration(around: name) else { return [] }
        let scopes = file.scopes(around: name)
        return tree.nodes(of: .ident, under: declaration).filter { $0 != name && scopes.binding(of: $0) == .local(name) }
    }

    /// Whether `node` repeats inside `body` (a loop of `body`, not of a literal in it, encloses it).
    func inLoop(_ node: Node, of body: FunctionBody) -> Bool {
        owners.repeats(node, in: body)
    }

    /// Return statements of `body` itself that start in `range`.
    func returns(of body: FunctionBody, in range: Range<Int>) -> [Node] {
        var found: [Node] = []
        body.forEachOwnNode(in: tree) { node in
            if tree.kind(node) == .returnStmt && range.contains(tree.start(node)) { found.append(node) }
        }
        return found
    }

    /// Sorts one use of a channel's name into the channel's sends, receives, ranges and
    /// closes, or marks the channel as escaping, by what the use is a part of.
    struct Classifier {
        let file: FileContext
        let tree: SyntaxTree
        let parents: Parents
        let owners: FunctionOwners
        /// The `go` statement that starts each function literal run as a goroutine.
        let startedBy: [Node: Node]
        /// The file's functions (not methods) by name, for the calls a channel is passed to.
        let declared: [String: FunctionBody]

        /// `at`: record the use at this node instead (a call into a followed function), with
        /// `goStatement` when a `go` statement runs that function.
        func classify(_ use: Node, into channel: inout LocalChannel, followCalls: Bool,
                      at call: Node? = nil, goStatement: Node? = nil) {
            func record(_ node: Node) -> LocalChannel.Use? {
                if let call, goStatement == nil {
                    // a plain call: the caller makes the use, at the call, every time the call runs
                    guard let owner = owners.owner(of: call) else { return nil }
                    return LocalChannel.Use(node: call, owner: owner, inLoop: isInLoop(call, of: owner) || loopsInside(node),
                                            goStatement: nil)
                }
                guard let owner = owners.owner(of: node) else { return nil }
                let started = goStatement ?? (owner.isGoroutine ? startedBy[owner.node] : nil)
                return LocalChannel.Use(node: node, owner: owner, inLoop: isInLoop(node, of: owner), goStatement: started)
            }
            guard let parent = parents.parent(of: use) else {
                channel.escapes = true
                return
            }
            switch tree.kind(parent) {
            case .sendStmt where tree.a(parent) == use:
                guard let recorded = record(parent) else { break }
                if clause(of: parent) != nil { channel.selectSends.append(recorded) } else { channel.sends.append(recorded) }
                return
            case .unaryExpr where tree.token(parent) == .arrow && tree.a(parent) == use:
                guard let recorded = record(parent) else { break }
                if let clause = clause(of: parent), let select = select(of: clause) {
                    channel.selectReceives.append((recorded, clause, select))
                } else {
                    channel.receives.append(recorded)
                }
                return
            case .rangeStmt where tree.c(parent) == use:
                guard let recorded = record(parent) else { break }
                channel.ranges.append(recorded)
                return
            case .callExpr where tree.list(parent, slot: .c).contains(use):
                if tree.list(parent, slot: .c).count == 1, let fun = tree.a(parent), tree.kind(fun) == .ident, tree.hasText(fun, "close"),
                   let recorded = record(parent) {
                    channel.closes.append(recorded)
                    return
                }
                if followCalls, follow(use, passedTo: parent, into: &channel) { return }
            default:
                break
            }
            channel.escapes = true
        }

        /// The select case whose communication is `node` (`case ch <- v:`), or has `node` as
        /// its expression (`case <-ch:`, `case v := <-ch:`).
        private func clause(of node: Node) -> Node? {
            var communication = node
            if let parent = parents.parent(of: node),
               tree.kind(parent) == .exprStmt && tree.a(parent) == node
                || tree.kind(parent) == .assignStmt && tree.list(parent, slot: .b).first == node {
                communication = parent
            }
            guard let clause = parents.parent(of: communication), tree.kind(clause) == .commClause,
                  tree.a(clause) == communication else { return nil }
            return clause
        }

        /// The select statement a case belongs to.
        private func select(of clause: Node) -> Node? {
            guard let block = parents.parent(of: clause), let select = parents.parent(of: block),
                  tree.kind(select) == .selectStmt, tree.a(select) == block else { return nil }
            return select
        }

        /// `f(…, ch, …)` or `go f(…, ch, …)` with `f` declared in this file: the parameter's
        /// uses in `f`'s body, one level deep. False when the call cannot be followed.
        private func follow(_ use: Node, passedTo call: Node, into channel: inout LocalChannel) -> Bool {
            guard let fun = tree.a(call), tree.kind(fun) == .ident,
                  let callee = declared[tree.name(fun)],
                  refersToPackageLevel(fun),
                  let type = tree.c(callee.node), tree.b(type) == nil, let parameterList = tree.c(type) else { return false }
            let arguments = Array(tree.list(call, slot: .c))
            guard let position = arguments.firstIndex(of: use) else { return false }
            // the parameters, one name per argument; a variadic or unnamed parameter is not followed
            var names: [Node] = []
            for field in tree.list(parameterList, slot: .b) {
                guard let type = tree.b(field), tree.kind(type) != .ellipsis else { return false }
                let fieldNames = tree.list(field, slot: .a)
                guard !fieldNames.isEmpty else { return false }
                names += fieldNames
            }
            guard names.count == arguments.count, position < names.count else { return false }
            let parameter = names[position]
            let started = parents.parent(of: call).flatMap { tree.kind($0) == .goStmt && tree.a($0) == call ? $0 : nil }
            let uses = NameUses.uses(of: parameter, from: tree.start(callee.body), in: callee.body, file: file)
                ?? LocalChannels.declaredUses(of: parameter, in: file)
            for ident in uses {
                classify(ident, into: &channel, followCalls: false, at: call, goStatement: started)
            }
            return true
        }

        /// Whether a name used in a function refers to the package level: nothing in the
        /// top-level declaration around it declares that name (else scopes decide).
        private func refersToPackageLevel(_ ident: Node) -> Bool {
            guard let declaration = file.declaration(around: ident) else { return false }
            if NameUses.uses(of: ident, from: tree.start(declaration), in: declaration, file: file) != nil {
                return true
            }
            if case .package = file.scopes(around: ident).binding(of: ident) { return true }
            return false
        }

        func isInLoop(_ node: Node, of body: FunctionBody?) -> Bool {
            body.map { owners.repeats(node, in: $0) } ?? false
        }

        /// Whether `node` repeats in the function it is in.
        private func loopsInside(_ node: Node) -> Bool {
            isInLoop(node, of: owners.owner(of: node))
        }
    }
}
