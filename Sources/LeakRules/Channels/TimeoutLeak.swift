import GoSyntax

/// L202: a goroutine sends its result on an unbuffered channel, and the receiver's select can
/// leave by a timeout or cancellation first — the shape Uber found most often.
public enum TimeoutLeak {
    public static let description = RuleDescription(
        code: "L202",
        name: "timeout-leak",
        summary: "a goroutine sends on an unbuffered channel whose receiving select can time out first",
        documentation: """
            ## What it does
            Finds a local unbuffered channel that one goroutine sends its result on, while the \
            function receives it in a `select` that has another way out (a timeout, a \
            `ctx.Done()`). The channel must stay local: made here, used only by that send, that \
            receive and `close`.

            ## Why is this bad?
            When the other case wins, nobody will ever receive: the goroutine blocks forever on \
            its send, with everything it holds. Each timeout leaks one goroutine.

            ## Example
            ```go
            ch := make(chan Result)
            go func() { ch <- fetch() }()
            select {
            case r := <-ch:
                return r, nil
            case <-ctx.Done():
                return Result{}, ctx.Err()
            }
            ```

            Use instead:
            ```go
            ch := make(chan Result, 1)
            ```

            ## Fix safety
            Making the channel buffered (capacity 1) lets the send complete when nobody receives, \
            and the value is collected with the goroutine. It is safe: the channel is local and \
            only this send and this receive use it.
            """,
        severity: .error,
        triggering: [
            RuleExample("""
                package p

                func get(ctx Context) (int, error) {
                \tch := make(chan int)
                \tgo func() {
                \t\t↓ch <- compute()
                \t}()
                \tselect {
                \tcase v := <-ch:
                \t\treturn v, nil
                \tcase <-ctx.Done():
                \t\treturn 0, ctx.Err()
                \t}
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func get(ctx Context) (int, error) {
                \tch := make(chan int, 1)
                \tgo func() {
                \t\tch <- compute()
                \t}()
                \tselect {
                \tcase v := <-ch:
                \t\treturn v, nil
                \tcase <-ctx.Done():
                \t\treturn 0, ctx.Err()
                \t}
                }
                """),
            RuleExample("""
                package p

                func get(ctx Context) int {
                \tch := make(chan int)
                \tgo func() { ch <- compute() }()
                \tgo drain(ch)
                \tselect {
                \tcase v := <-ch:
                \t\treturn v
                \tcase <-ctx.Done():
                \t\treturn 0
                \t}
                }
                """),
            RuleExample("""
                package p

                func get() int {
                \tch := make(chan int)
                \tgo func() { ch <- compute() }()
                \treturn <-ch
                }
                """),
        ],
        fixes: [
            RuleExample("""
                package p

                func get(ctx Context) int {
                \tch := make(chan int)
                \tgo func() { ↓ch <- compute() }()
                \tselect {
                \tcase v := <-ch:
                \t\treturn v
                \tcase <-time.After(time.Second):
                \t\treturn 0
                \t}
                }
                """, fixed: """
                package p

                func get(ctx Context) int {
                \tch := make(chan int, 1)
                \tgo func() { ch <- compute() }()
                \tselect {
                \tcase v := <-ch:
                \t\treturn v
                \tcase <-time.After(time.Second):
                \t\treturn 0
                \t}
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) && tree.contains(.selectStmt) else { return }  // the cheap bail-out
        let definitions = ChannelExpressionsForMake(tree: tree).unbufferedDefinitions()
        guard !definitions.isEmpty else { return }
        let places = Places(tree)
        let idents = tree.nodes(of: .ident)
        for (name, make) in definitions {
            let scopes = pass.file.scopes(around: name)
            let uses = idents.filter { $0 != name && scopes.binding(of: $0) == .local(name) }
            guard !uses.isEmpty else { continue }
            var sends: [Node] = []
            var receiveCases: [Node] = []
            var escapes = false
            for use in uses {
                switch role(of: use, places: places, tree: tree) {
                case .send(let statement):
                    // a send from a goroutine literal, started once (not in a loop), not already a select case
                    let inSelect = places.clauses.contains { tree.a($0) == statement }
                    if let go = places.goStatements.first(where: { tree.range($0).contains(tree.start(statement)) }),
                       !inSelect, !places.insideLoop(go, tree: tree) {
                        sends.append(statement)
                    } else {
                        escapes = true
                    }
                case .selectReceive(let clause): receiveCases.append(clause)
                case .close: break
                case .other: escapes = true
                }
            }
            guard !escapes, sends.count == 1, receiveCases.count == 1, let clause = receiveCases.first,
                  let select = places.selects.first(where: { select in tree.a(select).map { tree.list($0, slot: \.a).contains(clause) } ?? false })
            else { continue }
            let otherCases = tree.list(tree.a(select)!, slot: \.a).filter { $0 != clause && tree.a($0) != nil }
            // a select in a loop comes back for the value; one with a default case never waits
            guard let exit = otherCases.first, !places.insideLoop(select, tree: tree),
                  !tree.list(tree.a(select)!, slot: \.a).contains(where: { tree.a($0) == nil }) else { continue }
            let send = sends[0]
            let closing = tree.end(make) - 1
            pass.report(tree.range(send),
                        "goroutine sends on unbuffered \(tree.name(name)); the select that receives it can leave by another case first, and then the send blocks forever",
                        related: [RelatedLocation(range: tree.start(exit)..<(tree.start(exit) + 4), message: "the other way out"),
                                  RelatedLocation(range: tree.range(make), message: "made unbuffered here")],
                        fixes: [Fix(message: "make the channel buffered (capacity 1)", edits: [.insert(", 1", at: closing)], applicability: .safe)])
        }
    }

    enum Role {
        case send(Node), selectReceive(Node), close, other
    }

    /// The statements and expressions a channel's uses are looked up in, listed once per file.
    struct Places {
        let sends: [Node]
        let receives: [Node]
        let calls: [Node]
        let clauses: [Node]
        let selects: [Node]
        let goStatements: [Node]
        let loops: [Node]

        init(_ tree: SyntaxTree) {
            sends = tree.nodes(of: .sendStmt)
            receives = tree.nodes(of: .unaryExpr).filter { tree.token($0) == .arrow }
            calls = tree.nodes(of: .callExpr)
            clauses = tree.nodes(of: .commClause)
            selects = tree.nodes(of: .selectStmt)
            goStatements = tree.nodes(of: .goStmt)
            loops = tree.nodes(of: .forStmt) + tree.nodes(of: .rangeStmt)
        }

        /// Whether a statement runs inside a loop of its own function (not one outside a literal around it).
        func insideLoop(_ statement: Node, tree: SyntaxTree) -> Bool {
            let literals = tree.nodes(of: .funcLit)
            let owner = literals.filter { tree.range($0).contains(tree.start(statement)) }.max { tree.start($0) < tree.start($1) }
            return loops.contains { loop in
                guard tree.range(loop).contains(tree.start(statement)) else { return false }
                // the loop must be inside the same literal as the statement
                return owner.map { tree.range($0).contains(tree.start(loop)) } ?? true
            }
        }
    }

    /// How one use of the channel's name takes part: sent on, received in a select case,
    /// closed, or anything else (which lets it escape).
    static func role(of use: Node, places: Places, tree: SyntaxTree) -> Role {
        if let send = places.sends.first(where: { tree.a($0) == use }) { return .send(send) }
        let closed = places.calls.contains { call in
            tree.list(call, slot: \.c).contains(use) && (tree.a(call).map { tree.kind($0) == .ident && tree.hasText($0, "close") } ?? false)
        }
        if closed { return .close }
        if let receive = places.receives.first(where: { tree.a($0) == use }) {
            // `case <-ch:` or `case v := <-ch:` of a select
            for clause in places.clauses {
                guard let comm = tree.a(clause) else { continue }
                let expression = tree.kind(comm) == .exprStmt ? tree.a(comm) : tree.kind(comm) == .assignStmt ? tree.list(comm, slot: \.b).first : nil
                if expression == receive { return .selectReceive(clause) }
            }
        }
        return .other
    }
}

/// `name := make(chan T)` and `var name = make(chan T)` with no capacity (or 0).
struct ChannelExpressionsForMake {
    let tree: SyntaxTree

    func unbufferedDefinitions() -> [(name: Node, make: Node)] {
        var found: [(Node, Node)] = []
        func consider(_ name: Node, _ value: Node) {
            guard tree.kind(name) == .ident, tree.kind(value) == .callExpr, let fun = tree.a(value),
                  tree.kind(fun) == .ident, tree.hasText(fun, "make") else { return }
            let args = tree.list(value, slot: \.c)
            guard let first = args.first, tree.kind(first) == .chanType else { return }
            if args.count == 1 || (args.count == 2 && tree.kind(args[1]) == .basicLit && tree.hasText(args[1], "0")) {
                found.append((name, value))
            }
        }
        for assign in tree.nodes(of: .assignStmt) where tree.token(assign) == .define {
            for (name, value) in zip(tree.list(assign, slot: \.a), tree.list(assign, slot: \.b)) { consider(name, value) }
        }
        for spec in tree.nodes(of: .valueSpec) {
            for (name, value) in zip(tree.list(spec, slot: \.a), tree.list(spec, slot: \.c)) { consider(name, value) }
        }
        return found
    }
}
