import GoSyntax

/// L203: a goroutine sends its result on an unbuffered channel, and the function can return
/// before it receives — an error check between the `go` and the receive is enough.
public enum EarlyReturn {
    public static let description = RuleDescription(
        code: "L203",
        name: "early-return",
        summary: "a goroutine sends on an unbuffered channel the function can return before receiving",
        documentation: """
            ## What it does
            Finds a local unbuffered channel that one goroutine sends on and the function \
            receives once, with a `return` between the `go` statement and the receive. The \
            channel must stay local: made here, used only by that send, that receive and `close`.

            ## Why is this bad?
            On the path that returns early nobody will ever receive: the goroutine blocks \
            forever on its send, with everything it holds. Each early return leaks one goroutine.

            ## Example
            ```go
            ch := make(chan Result)
            go func() { ch <- fetch() }()
            if err := validate(req); err != nil {
                return Result{}, err
            }
            return <-ch, nil
            ```

            Use instead:
            ```go
            ch := make(chan Result, 1)
            ```

            ## Fix safety
            Making the channel buffered (capacity 1) lets the send complete when nobody \
            receives. It is safe: the channel is local and only this send and this receive use it.
            """,
        severity: .error,
        triggering: [
            RuleExample("""
                package p

                func get(id string) (int, error) {
                \tch := make(chan int)
                \tgo func() {
                \t\t↓ch <- lookup(id)
                \t}()
                \tif id == "" {
                \t\treturn 0, errEmpty
                \t}
                \treturn <-ch, nil
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func get(id string) (int, error) {
                \tch := make(chan int, 1)
                \tgo func() { ch <- lookup(id) }()
                \tif id == "" {
                \t\treturn 0, errEmpty
                \t}
                \treturn <-ch, nil
                }
                """),
            RuleExample("""
                package p

                func get(id string) (int, error) {
                \tch := make(chan int)
                \tgo func() { ch <- lookup(id) }()
                \tv := <-ch
                \tif id == "" {
                \t\treturn 0, errEmpty
                \t}
                \treturn v, nil
                }
                """),
            RuleExample("""
                package p

                func get(id string) (int, error) {
                \tch := make(chan int)
                \tgo func() { ch <- lookup(id) }()
                \tkeep(ch)
                \tif id == "" {
                \t\treturn 0, errEmpty
                \t}
                \treturn <-ch, nil
                }
                """),
        ],
        fixes: [
            RuleExample("""
                package p

                func get(id string) (int, error) {
                \tch := make(chan int)
                \tgo func() { ↓ch <- lookup(id) }()
                \tif id == "" {
                \t\treturn 0, errEmpty
                \t}
                \treturn <-ch, nil
                }
                """, fixed: """
                package p

                func get(id string) (int, error) {
                \tch := make(chan int, 1)
                \tgo func() { ch <- lookup(id) }()
                \tif id == "" {
                \t\treturn 0, errEmpty
                \t}
                \treturn <-ch, nil
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) && tree.contains(.returnStmt) else { return }  // the cheap bail-out
        let channels = pass.file.localChannels
        for channel in channels.channels where channel.isUnbuffered && !channel.escapes {
            guard let (send, go) = SingleSender.find(channel, channels), channel.receiveCount == 1,
                  let receive = channel.receives.first, receive.owner.node == channel.owner.node, !receive.inLoop
            else { continue }
            let between = tree.end(go)..<tree.start(receive.node)
            guard let early = channels.returns(of: channel.owner, in: between)
                .first(where: { !tree.range($0).contains(tree.start(receive.node)) }) else { continue }
            let line = tree.source.position(of: tree.start(early)).line
            pass.report(tree.range(send),
                        "goroutine sends on unbuffered \(tree.name(channel.name)); the function can return at line \(line) before receiving it, and then the send blocks forever",
                        related: [RelatedLocation(range: tree.range(early), message: "returns without receiving"),
                                  RelatedLocation(range: tree.range(receive.node), message: "the only receive"),
                                  RelatedLocation(range: tree.range(channel.make), message: "made unbuffered here")],
                        fixes: [Fix(message: "make the channel buffered (capacity 1)",
                                    edits: [.insert(", 1", at: tree.end(channel.make) - 1)], applicability: .safe)])
        }
    }
}

/// The one send on a channel, from a goroutine the channel's function starts once: the send
/// and its `go` statement. `inLoop`: whether the send may sit in a loop of the goroutine (a
/// loop it leaves after sending, say).
enum SingleSender {
    static func find(_ channel: LocalChannel, _ channels: LocalChannels, inLoop: Bool = false) -> (send: Node, go: Node)? {
        guard channel.sends.count == 1, channel.selectSends.isEmpty, let send = channel.sends.first,
              inLoop || !send.inLoop, let go = send.goStatement,
              channels.owners.owner(of: go)?.node == channel.owner.node,
              !channels.inLoop(go, of: channel.owner) else { return nil }
        return (send.node, go)
    }
}
