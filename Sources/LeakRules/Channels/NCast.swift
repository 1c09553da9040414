import GoSyntax

/// L204: goroutines started in a loop each send on one unbuffered channel, and the function
/// takes a single value — the first answer wins, the others block forever.
public enum NCast {
    public static let description = RuleDescription(
        code: "L204",
        name: "n-cast",
        summary: "goroutines started in a loop each send on an unbuffered channel that is received once",
        documentation: """
            ## What it does
            Finds a local unbuffered channel that goroutines started in a loop send on (one \
            send each), while the function receives from it only once — the "ask every \
            replica, take the first answer" shape. The channel must stay local.

            ## Why is this bad?
            One goroutine's value is received; every other goroutine blocks forever on its \
            send. With n replicas, each call leaks n-1 goroutines.

            ## Example
            ```go
            ch := make(chan Reply)
            for _, s := range servers {
                go func(s string) { ch <- ask(s) }(s)
            }
            return <-ch
            ```

            Use instead:
            ```go
            ch := make(chan Reply, len(servers))
            ```

            ## Fix safety
            A buffer as large as the number of goroutines lets every send complete. The fix is \
            offered when the loop's bound can be written where the channel is made (`len(x)` of \
            the ranged slice or map, or the loop's limit) and is safe: the channel is local.
            """,
        severity: .error,
        triggering: [
            RuleExample("""
                package p

                func first(servers []string) string {
                \tch := make(chan string)
                \tfor _, s := range servers {
                \t\tgo func(s string) {
                \t\t\t↓ch <- ask(s)
                \t\t}(s)
                \t}
                \treturn <-ch
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func first(servers []string) string {
                \tch := make(chan string, len(servers))
                \tfor _, s := range servers {
                \t\tgo func(s string) { ch <- ask(s) }(s)
                \t}
                \treturn <-ch
                }
                """),
            RuleExample("""
                package p

                func all(servers []string) []string {
                \tch := make(chan string)
                \tfor _, s := range servers {
                \t\tgo func(s string) { ch <- ask(s) }(s)
                \t}
                \tvar replies []string
                \tfor range servers {
                \t\treplies = append(replies, <-ch)
                \t}
                \treturn replies
                }
                """),
        ],
        fixes: [
            RuleExample("""
                package p

                func first(servers []string) string {
                \tch := make(chan string)
                \tfor _, s := range servers {
                \t\tgo func(s string) { ↓ch <- ask(s) }(s)
                \t}
                \treturn <-ch
                }
                """, fixed: """
                package p

                func first(servers []string) string {
                \tch := make(chan string, len(servers))
                \tfor _, s := range servers {
                \t\tgo func(s string) { ch <- ask(s) }(s)
                \t}
                \treturn <-ch
                }
                """),
            RuleExample("""
                package p

                func first(n int) int {
                \tch := make(chan int)
                \tfor i := 0; i < n; i++ {
                \t\tgo func(i int) { ↓ch <- try(i) }(i)
                \t}
                \treturn <-ch
                }
                """, fixed: """
                package p

                func first(n int) int {
                \tch := make(chan int, n)
                \tfor i := 0; i < n; i++ {
                \t\tgo func(i int) { ch <- try(i) }(i)
                \t}
                \treturn <-ch
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) else { return }  // the cheap bail-out
        let channels = pass.file.localChannels
        for channel in channels.channels where channel.isUnbuffered && !channel.escapes {
            guard channel.sends.count == 1, channel.selectSends.isEmpty, let send = channel.sends.first,
                  !send.inLoop, let go = send.goStatement,
                  channels.owners.owner(of: go)?.node == channel.owner.node,
                  channel.ranges.isEmpty, channel.receiveCount == 1 else { continue }
            // the loop of the channel's function that starts the goroutines, after the make
            let loops = (tree.nodes(of: .forStmt) + tree.nodes(of: .rangeStmt)).filter { loop in
                tree.range(loop).contains(tree.start(go)) && tree.start(loop) > tree.end(channel.make)
                    && channels.owners.owner(of: loop)?.node == channel.owner.node
            }
            guard let loop = loops.max(by: { tree.start($0) < tree.start($1) }) else { continue }
            let receive = channel.receives.first ?? channel.selectReceives[0].use
            guard receive.owner.node == channel.owner.node, !receive.inLoop, tree.start(receive.node) > tree.end(loop) else { continue }
            var fixes: [Fix] = []
            if let (bound, certain) = bound(of: loop, before: channel.make, pass: pass) {
                fixes.append(Fix(message: "make the channel buffered for every goroutine (capacity \(bound))",
                                 edits: [.insert(", \(bound)", at: tree.end(channel.make) - 1)], applicability: certain ? .safe : .displayOnly))
            }
            pass.report(tree.range(send.node),
                        "goroutines started in a loop each send on unbuffered \(tree.name(channel.name)), but it is received only once: all the others block forever",
                        related: [RelatedLocation(range: tree.range(receive.node), message: "the only receive"),
                                  RelatedLocation(range: tree.start(loop)..<(tree.start(loop) + 3), message: "the loop that starts them"),
                                  RelatedLocation(range: tree.range(channel.make), message: "made unbuffered here")],
                        fixes: fixes)
        }
    }

    /// How many goroutines the loop starts, written so it is valid where the channel is made:
    /// `len(x)` for a range over a slice or map named `x`, `n` for `i < n`; nil otherwise.
    /// Certain when `x` is a parameter declared as a slice, array or map (it could be an
    /// integer or a channel otherwise, and `len` would not compile or mean the count).
    static func bound(of loop: Node, before make: Node, pass: Pass) -> (String, certain: Bool)? {
        let tree = pass.tree
        let scopes = pass.file.scopes(around: loop)
        func declaredBefore(_ ident: Node) -> Bool {
            switch scopes.binding(of: ident) {
            case .local(let declaration): return tree.start(declaration) < tree.start(make)
            case .package: return true
            default: return false
            }
        }
        if tree.kind(loop) == .rangeStmt, let x = tree.c(loop), tree.kind(x) == .ident, declaredBefore(x) {
            var certain = false
            if case .local(let declaration) = scopes.binding(of: x),
               let field = tree.nodes(of: .field).first(where: { tree.list($0, slot: .a).contains(declaration) }),
               let type = tree.b(field) {
                certain = [.arrayType, .mapType].contains(tree.kind(type))
            }
            return ("len(\(tree.name(x)))", certain)
        }
        if tree.kind(loop) == .forStmt, let condition = tree.b(loop), tree.kind(condition) == .binaryExpr,
           tree.token(condition) == .lss, let limit = tree.b(condition) {
            if tree.kind(limit) == .basicLit { return (tree.text(limit), true) }
            if tree.kind(limit) == .ident, declaredBefore(limit) { return (tree.name(limit), true) }
        }
        return nil
    }
}
