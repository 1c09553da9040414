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
            receive and `close`. Not reported when every other way out fails the test or ends \
            the process (`t.Fatal`, `t.Errorf`, `require.…`, `panic`, `log.Fatal`): the goroutine \
            is then stranded only in a run that has already failed; nor when the other way out \
            is the `Done()` of a context that is never done (`context.Background()`).

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
            RuleExample("""
                package p

                func get() int {
                \tctx := context.Background()
                \tch := make(chan int)
                \tgo func() { ch <- compute() }()
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

                import "testing"

                func TestGet(t *testing.T) {
                \tch := make(chan int)
                \tgo func() { ch <- compute() }()
                \tselect {
                \tcase v := <-ch:
                \t\tcheck(t, v)
                \tcase <-time.After(time.Second):
                \t\tt.Fatal("timed out")
                \t}
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
        let channels = pass.file.localChannels
        for channel in channels.channels where channel.isUnbuffered && !channel.escapes {
            // one goroutine, started once, sends; one select case receives, and nothing else does
            guard let (send, _) = SingleSender.find(channel, channels, inLoop: true), channel.receives.isEmpty, channel.ranges.isEmpty,
                  channel.selectReceives.count == 1, let (receive, clause, select) = channel.selectReceives.first,
                  let clauses = tree.a(select) else { continue }
            let cases = tree.list(clauses, slot: .a)
            // a select in a loop comes back for the value; one with a default case never waits
            guard !channels.inLoop(select, of: receive.owner), !cases.contains(where: { tree.a($0) == nil }),
                  let exit = cases.first(where: { $0 != clause }) else { continue }
            // when every other way out fails the test or ends the process, the goroutine is
            // stranded only in a run that has already failed; a context that is never done
            // (`context.Background()`) is no way out at all
            let others = cases.filter { $0 != clause }
            if others.allSatisfy({ TestFailure.fails(tree.list($0, slot: .b), tree: tree, imports: pass.file.imports) || neverFires($0, in: receive.owner, tree: tree) }) {
                continue
            }
            pass.report(tree.range(send),
                        "goroutine sends on unbuffered \(tree.name(channel.name)); the select that receives it can leave by another case first, and then the send blocks forever",
                        related: [RelatedLocation(range: tree.start(exit)..<(tree.start(exit) + 4), message: "the other way out"),
                                  RelatedLocation(range: tree.range(channel.make), message: "made unbuffered here")],
                        fixes: [Fix(message: "make the channel buffered (capacity 1)",
                                    edits: [.insert(", 1", at: tree.end(channel.make) - 1)], applicability: .safe)])
        }
    }

    /// `case <-ctx.Done():` where `ctx` is `context.Background()` or `context.TODO()` in this
    /// function: such a context is never done.
    static func neverFires(_ clause: Node, in function: FunctionBody, tree: SyntaxTree) -> Bool {
        guard let communication = tree.a(clause), tree.kind(communication) == .exprStmt, let receive = tree.a(communication),
              tree.kind(receive) == .unaryExpr, tree.token(receive) == .arrow, let call = tree.a(receive), tree.kind(call) == .callExpr,
              let fun = tree.a(call), tree.kind(fun) == .selectorExpr, let base = tree.a(fun), let method = tree.b(fun),
              tree.hasText(method, "Done") else { return false }
        if isEmptyContext(base, tree: tree) { return true }
        guard tree.kind(base) == .ident else { return false }
        let name = tree.name(base)
        var values: [Node] = []
        for assignment in tree.nodes(of: .assignStmt, under: function.body) {
            let targets = Array(tree.list(assignment, slot: .a)), assigned = Array(tree.list(assignment, slot: .b))
            for (index, target) in targets.enumerated() where tree.kind(target) == .ident && tree.name(target) == name {
                guard targets.count == assigned.count else { return false }  // from a call with several results
                values.append(assigned[index])
            }
        }
        return !values.isEmpty && values.allSatisfy { isEmptyContext($0, tree: tree) }
    }

    private static func isEmptyContext(_ expression: Node, tree: SyntaxTree) -> Bool {
        guard tree.kind(expression) == .callExpr, let fun = tree.a(expression), tree.kind(fun) == .selectorExpr,
              let package = tree.a(fun), let function = tree.b(fun), tree.hasText(package, "context") else { return false }
        return tree.hasText(function, "Background") || tree.hasText(function, "TODO")
    }
}
