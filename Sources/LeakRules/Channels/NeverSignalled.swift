import GoSyntax

/// L206: a goroutine waits on a local channel that the function signals later — but a path
/// returns before the signal, and the goroutine waits forever.
public enum NeverSignalled {
    public static let description = RuleDescription(
        code: "L206",
        name: "never-signalled",
        summary: "a goroutine waits on a channel that a path of the function returns without signalling",
        documentation: """
            ## What it does
            Finds a goroutine that receives once from a channel its function made (a start or \
            stop signal), when the function signals it (`close(ch)` or `ch <- v`) only after a \
            `return` that can be taken first. The channel must stay local.

            ## Why is this bad?
            On the path that returns before the signal, nothing will ever close or send on the \
            channel: the goroutine waits forever, with everything it holds.

            ## Example
            ```go
            start := make(chan struct{})
            go func() {
                <-start
                run()
            }()
            if err := prepare(); err != nil {
                return err
            }
            close(start)
            ```

            Use instead:
            ```go
            start := make(chan struct{})
            defer close(start)
            ```
            or signal (or close) the channel on the early path too.
            """,
        severity: .error,
        triggering: [
            RuleExample("""
                package p

                func serve() error {
                \tstart := make(chan struct{})
                \tgo func() {
                \t\t↓<-start
                \t\trun()
                \t}()
                \tif err := prepare(); err != nil {
                \t\treturn err
                \t}
                \tclose(start)
                \treturn nil
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func serve() error {
                \tstart := make(chan struct{})
                \tdefer close(start)
                \tgo func() {
                \t\t<-start
                \t\trun()
                \t}()
                \tif err := prepare(); err != nil {
                \t\treturn err
                \t}
                \treturn nil
                }
                """),
            RuleExample("""
                package p

                func serve() error {
                \tstart := make(chan struct{})
                \tgo func() {
                \t\t<-start
                \t\trun()
                \t}()
                \tif err := prepare(); err != nil {
                \t\tclose(start)
                \t\treturn err
                \t}
                \tclose(start)
                \treturn nil
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) && tree.contains(.returnStmt) else { return }  // the cheap bail-out
        let channels = pass.file.localChannels
        for channel in channels.channels where !channel.escapes && channel.receives.count == 1
            && channel.selectReceives.isEmpty && channel.ranges.isEmpty {
            let wait = channel.receives[0]
            guard !wait.inLoop, let go = wait.goStatement,
                  channels.owners.owner(of: go)?.node == channel.owner.node,
                  !channels.inLoop(go, of: channel.owner) else { continue }
            // every signal is the function's own, and none is deferred
            let signals = channel.closes + channel.sends + channel.selectSends
            guard !signals.isEmpty, signals.allSatisfy({ $0.owner.node == channel.owner.node }),
                  !tree.nodes(of: .deferStmt).contains(where: { deferred in signals.contains { tree.range(deferred).contains(tree.start($0.node)) } }),
                  let first = signals.min(by: { tree.start($0.node) < tree.start($1.node) }) else { continue }
            // a return between the go statement and the first signal, with no signal before it on its own branch
            let candidates = channels.returns(of: channel.owner, in: tree.end(go)..<tree.start(first.node))
            guard let early = candidates.first(where: { ret in
                !signals.contains { signal in
                    // a signal in the same block, just before the return, covers it
                    let block = tree.nodes(of: .blockStmt).filter { tree.range($0).contains(tree.start(ret)) }
                        .min { tree.end($0) - tree.start($0) < tree.end($1) - tree.start($1) }
                    return block.map { tree.range($0).contains(tree.start(signal.node)) && tree.start(signal.node) < tree.start(ret) } ?? false
                }
            }) else { continue }
            let line = tree.source.position(of: tree.start(early)).line
            pass.report(tree.range(wait.node),
                        "goroutine waits on \(tree.name(channel.name)), but the function can return at line \(line) before signalling it, and then it waits forever",
                        related: [RelatedLocation(range: tree.range(early), message: "returns without signalling"),
                                  RelatedLocation(range: tree.range(first.node), message: "the signal, on the other path")])
        }
    }
}
