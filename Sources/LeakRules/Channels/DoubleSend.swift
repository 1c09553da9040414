import GoSyntax

/// L207: a goroutine can send twice on a channel its function receives from once: the second
/// send blocks forever.
public enum DoubleSend {
    public static let description = RuleDescription(
        code: "L207",
        name: "double-send",
        summary: "a goroutine can send twice on an unbuffered channel that is received once",
        documentation: """
            ## What it does
            Finds a goroutine that, on some path, sends twice on a local unbuffered channel \
            its function receives from only once — typically an error sent from a branch that \
            does not return, followed by the normal result. The channel must stay local.

            ## Why is this bad?
            The receiver takes the first value and moves on; the second send waits forever, \
            and the goroutine with it.

            ## Example
            ```go
            errc := make(chan error)
            go func() {
                if err := step(); err != nil {
                    errc <- err
                }
                errc <- finish()
            }()
            return <-errc
            ```

            Use instead:
            ```go
            if err := step(); err != nil {
                errc <- err
                return
            }
            errc <- finish()
            ```
            """,
        severity: .error,
        triggering: [
            RuleExample("""
                package p

                func run() error {
                \terrc := make(chan error)
                \tgo func() {
                \t\tif err := step(); err != nil {
                \t\t\terrc <- err
                \t\t}
                \t\t↓errc <- finish()
                \t}()
                \treturn <-errc
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func run() error {
                \terrc := make(chan error)
                \tgo func() {
                \t\tif err := step(); err != nil {
                \t\t\terrc <- err
                \t\t\treturn
                \t\t}
                \t\terrc <- finish()
                \t}()
                \treturn <-errc
                }
                """),
            RuleExample("""
                package p

                func run() (error, error) {
                \terrc := make(chan error)
                \tgo func() {
                \t\terrc <- step()
                \t\terrc <- finish()
                \t}()
                \treturn <-errc, <-errc
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) else { return }  // the cheap bail-out
        let channels = pass.file.localChannels
        for channel in channels.channels where channel.isUnbuffered && !channel.escapes && channel.receiveCount == 1
            && channel.selectSends.isEmpty && channel.sends.count >= 2 {
            let receive = channel.receives.first ?? channel.selectReceives.first?.use ?? channel.ranges[0]
            guard receive.owner.node == channel.owner.node, !receive.inLoop, channel.ranges.isEmpty,
                  let literal = channel.sends.first?.owner, let go = channel.sends.first?.goStatement,
                  channel.sends.allSatisfy({ $0.owner.node == literal.node && $0.goStatement == go && !$0.inLoop }),
                  channels.owners.owner(of: go)?.node == channel.owner.node,
                  !channels.inLoop(go, of: channel.owner) else { continue }
            let graph = pass.file.controlFlow(of: literal)
            let sends = channel.sends.map(\.node).sorted { tree.start($0) < tree.start($1) }
            outer: for first in sends {
                for second in sends where second != first && graph.canReach(from: first, to: second) {
                    let line = tree.source.position(of: tree.start(first)).line
                    pass.report(tree.range(second),
                                "goroutine can send on unbuffered \(tree.name(channel.name)) again after the send at line \(line), but it is received only once: this send then blocks forever",
                                related: [RelatedLocation(range: tree.range(first), message: "the first send, which does not return"),
                                          RelatedLocation(range: tree.range(receive.node), message: "the only receive")])
                    break outer
                }
            }
        }
    }
}
