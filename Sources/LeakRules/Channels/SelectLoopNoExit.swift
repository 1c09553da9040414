import GoSyntax

/// L208 (opt-in): a goroutine loops over a select with no way out. Often deliberate (a
/// process-wide background worker), so the rule runs only when selected.
public enum SelectLoopNoExit {
    public static let description = RuleDescription(
        code: "L208",
        name: "select-loop-no-exit",
        summary: "a goroutine loops over a select that has no way out (opt-in)",
        documentation: """
            ## What it does
            Finds a goroutine literal whose `for { select { … } }` can never end: no case \
            returns, breaks out of the loop, jumps away or stops the goroutine. Opt-in \
            (`--select L208`): a worker meant to live as long as the process looks the same.

            ## Why is this bad?
            Each time the code around it runs, another goroutine starts that nothing can stop. \
            In a request path or a constructor called more than once, they pile up, with \
            everything their cases hold.

            ## Example
            ```go
            go func() {
                for {
                    select {
                    case m := <-in:
                        handle(m)
                    case <-tick.C:
                        flush()
                    }
                }
            }()
            ```

            Use instead:
            ```go
            go func() {
                for {
                    select {
                    case m := <-in:
                        handle(m)
                    case <-ctx.Done():
                        return
                    }
                }
            }()
            ```
            """,
        severity: .warning,
        optIn: true,
        triggering: [
            RuleExample("""
                package p

                func start(in chan int) {
                \tgo func() {
                \t\t↓for {
                \t\t\tselect {
                \t\t\tcase m := <-in:
                \t\t\t\thandle(m)
                \t\t\t}
                \t\t}
                \t}()
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func start(ctx Context, in chan int) {
                \tgo func() {
                \t\tfor {
                \t\t\tselect {
                \t\t\tcase m := <-in:
                \t\t\t\thandle(m)
                \t\t\tcase <-ctx.Done():
                \t\t\t\treturn
                \t\t\t}
                \t\t}
                \t}()
                }
                """),
            RuleExample("""
                package p

                func start(in chan int, quit chan bool) {
                \tgo func() {
                \tloop:
                \t\tfor {
                \t\t\tselect {
                \t\t\tcase m := <-in:
                \t\t\t\thandle(m)
                \t\t\tcase <-quit:
                \t\t\t\tbreak loop
                \t\t\t}
                \t\t}
                \t}()
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) && tree.contains(.selectStmt) else { return }  // the cheap bail-out
        for function in pass.file.functions where function.isGoroutine {
            var loops: [Node] = []
            function.forEachOwnNode(in: tree) { node in
                guard tree.kind(node) == .forStmt, tree.a(node) == nil, tree.b(node) == nil, tree.c(node) == nil,
                      let body = tree.d(node) else { return }
                let statements = tree.list(body, slot: .a)
                // the loop is a select, with no default case (that would be a busy loop, another problem)
                guard statements.count == 1, let select = statements.first, tree.kind(select) == .selectStmt,
                      let clauses = tree.a(select), !tree.list(clauses, slot: .a).contains(where: { tree.a($0) == nil }) else { return }
                loops.append(node)
            }
            guard !loops.isEmpty else { continue }
            let graph = pass.file.controlFlow(of: function)
            for loop in loops where !graph.canReachExit(from: loop) {
                pass.report(tree.start(loop)..<(tree.start(loop) + 3),
                            "goroutine loops on a select with no way out: no case returns or leaves the loop, so it outlives whatever started it; add a case that returns, such as <-ctx.Done()")
            }
        }
    }
}
