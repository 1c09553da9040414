import GoSyntax

/// L102 (opt-in): a `defer` in a loop that ends by itself. What piles up is bounded and
/// released when the function returns, so it is a style matter, not a leak.
public enum DeferInBoundedLoop {
    public static let description = RuleDescription(
        code: "L102",
        name: "defer-in-bounded-loop",
        summary: "a defer in a loop that ends by itself runs when the function returns, not at the end of each iteration",
        documentation: """
            ## What it does
            Finds `defer` statements that can run more than once in one call of their function, \
            in loops that end by themselves: over a slice or map, up to a count, while a \
            condition holds, or made with `goto`. Opt-in (`--select L102`): the defers pile up \
            only until the function returns, so this is not a leak (L101 reports the loops that \
            do not end). Not reported: a defer that is a rollback (`defer func() { if err != \
            nil { undo() } }()`), one whose resource is kept for use after the loop (appended to \
            a slice or stored), and one behind a guard that lets it run once.

            ## Why is this bad?
            Each iteration keeps its resource (a file, a lock, a response body) open until the \
            function returns. With many iterations that can exhaust file descriptors or hold a \
            lock far longer than meant, and a reader expects the call to run per iteration.

            ## Example
            ```go
            for _, path := range paths {
                f, err := os.Open(path)
                if err != nil {
                    return err
                }
                defer f.Close()
                process(f)
            }
            ```

            Use instead:
            ```go
            for _, path := range paths {
                if err := func() error {
                    f, err := os.Open(path)
                    if err != nil {
                        return err
                    }
                    defer f.Close()
                    return process(f)
                }(); err != nil {
                    return err
                }
            }
            ```

            ## Fix safety
            As L101's: the loop body moves into a function literal called once per iteration; \
            applied only when no `break`, `continue`, `goto`, `return` or label would change meaning.
            """,
        severity: .info,
        optIn: true,
        triggering: [
            RuleExample("""
                package p

                func each(paths []string) {
                \tfor i := 0; i < len(paths); i++ {
                \t\tmu := lock(paths[i])
                \t\t↓defer mu.Unlock()
                \t}
                }
                """),
            RuleExample("""
                package p

                func retry() {
                again:
                \tc := dial()
                \t↓defer c.Close()
                \tif c.Err() != nil {
                \t\tgoto again
                \t}
                }
                """),
            RuleExample("""
                package p

                func run(t *T, cases []string) {
                \tt.Run("all", func(t *T) {
                \t\tfor _, c := range cases {
                \t\t\tf := create(c)
                \t\t\t↓defer remove(f)
                \t\t}
                \t})
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func openAll(paths []string) ([]*File, error) {
                \tvar files []*File
                \tfor _, p := range paths {
                \t\tf, err := open(p)
                \t\tif err != nil {
                \t\t\treturn nil, err
                \t\t}
                \t\tdefer f.Close()
                \t\tfiles = append(files, f)
                \t}
                \treturn merge(files), nil
                }
                """),
            RuleExample("""
                package p

                func steps(all []Step) (err error) {
                \tfor _, s := range all {
                \t\ts.Do()
                \t\tdefer func() {
                \t\t\tif err != nil {
                \t\t\t\ts.Undo()
                \t\t\t}
                \t\t}()
                \t}
                \treturn check()
                }
                """),
            RuleExample("""
                package p

                func sample(files []string) {
                \tfor {
                \t\tf := open("x")
                \t\tdefer f.Close()
                \t}
                }
                """),
        ],
        fixes: [
            RuleExample("""
                package p

                func release(names []string) {
                \tfor _, name := range names {
                \t\tr := acquire(name)
                \t\t↓defer r.Release()
                \t\twork(r)
                \t}
                }
                """, fixed: """
                package p

                func release(names []string) {
                \tfor _, name := range names {
                \t\tfunc() {
                \t\t\tr := acquire(name)
                \t\t\tdefer r.Release()
                \t\t\twork(r)
                \t\t}()
                \t}
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        var fixed: Set<Node> = []
        for found in RepeatingDefers.find(in: pass) where found.unending == nil {
            guard let call = tree.a(found.statement), !isRollback(call, tree: tree),
                  !keptPastLoop(call, loop: found.loop, tree: tree) else { continue }
            let text = DeferInLoop.abbreviated(tree.text(call))
            let name = found.function.displayName(in: tree)
            var related: [RelatedLocation] = []
            if let loop = found.loop {
                related.append(RelatedLocation(range: tree.start(loop)..<(tree.start(loop) + 3), message: "the loop"))
            }
            pass.report(tree.range(found.statement),
                        "defer \(text) runs when \(name) returns, not at the end of each iteration: the deferred calls pile up while the loop runs",
                        related: related, fixes: found.loop.flatMap { fixed.insert($0).inserted ? [DeferInLoop.wrapBody(of: $0, pass: pass)] : nil } ?? [])
        }
    }

    /// `defer func() { if … { undo() } }()`: a literal whose whole body is one `if`, which
    /// runs only on failure. Piling these up is the point.
    static func isRollback(_ call: Node, tree: SyntaxTree) -> Bool {
        guard tree.kind(call) == .callExpr, let literal = tree.a(call), tree.kind(literal) == .funcLit,
              let body = tree.b(literal) else { return false }
        let statements = tree.list(body, slot: .a)
        return statements.count == 1 && statements.allSatisfy { tree.kind($0) == .ifStmt }
    }

    /// The deferred call's receiver (`x` of `defer x.Close()`, or its first argument) is
    /// appended to a slice or stored in the loop: it is kept for use after the loop, and
    /// closing it per iteration would break the code.
    static func keptPastLoop(_ call: Node, loop: Node?, tree: SyntaxTree) -> Bool {
        guard let loop, tree.kind(call) == .callExpr, let fun = tree.a(call) else { return false }
        var subject: Node?
        if tree.kind(fun) == .selectorExpr, let base = tree.a(fun), tree.kind(base) == .ident {
            subject = base
        } else if let first = tree.list(call, slot: .c).first, tree.kind(first) == .ident {
            subject = first
        }
        guard let subject else { return false }
        let name = tree.name(subject)
        for assignment in tree.nodes(of: .assignStmt, under: loop) {
            for value in tree.list(assignment, slot: .b) {
                if tree.kind(value) == .ident && tree.name(value) == name {
                    // stored somewhere that outlives the iteration: `m[k] = x`, `s.f = x`
                    if tree.list(assignment, slot: .a).contains(where: { tree.kind($0) != .ident }) { return true }
                }
                if tree.kind(value) == .callExpr, let callee = tree.a(value), tree.kind(callee) == .ident,
                   tree.hasText(callee, "append"),
                   tree.list(value, slot: .c).dropFirst().contains(where: { tree.kind($0) == .ident && tree.name($0) == name }) {
                    return true
                }
            }
        }
        return false
    }
}
