import GoSyntax

/// L205: a goroutine ranges over a local channel that nothing closes: when the sends stop,
/// it waits forever.
public enum RangeNeverClosed {
    public static let description = RuleDescription(
        code: "L205",
        name: "range-never-closed",
        summary: "a goroutine ranges over a local channel that is never closed",
        documentation: """
            ## What it does
            Finds a goroutine started by a function that ranges over a channel the function \
            made, when nothing ever closes that channel. The channel must stay local (made \
            here, used only to send, to range over and to close). `main` is left alone: its \
            goroutines end with the program.

            ## Why is this bad?
            `for v := range ch` ends only when `ch` is closed. Once the function has sent its \
            last value the goroutine waits forever, and one is left behind by every call.

            ## Example
            ```go
            jobs := make(chan Job)
            go func() {
                for j := range jobs {
                    do(j)
                }
            }()
            for _, j := range list {
                jobs <- j
            }
            ```

            Use instead:
            ```go
            for _, j := range list {
                jobs <- j
            }
            close(jobs)
            ```

            ## Fix safety
            `close(ch)` is inserted after the statement holding the last send. It is safe when \
            every send is made by the function itself (no other goroutine sends later) and the \
            function does not receive from the channel (which would then see it closed); \
            otherwise no fix is offered.
            """,
        severity: .error,
        triggering: [
            RuleExample("""
                package p

                func process(list []Job) {
                \tjobs := make(chan Job)
                \tgo func() {
                \t\t↓for j := range jobs {
                \t\t\tdo(j)
                \t\t}
                \t}()
                \tfor _, j := range list {
                \t\tjobs <- j
                \t}
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func process(list []Job) {
                \tjobs := make(chan Job)
                \tgo func() {
                \t\tfor j := range jobs {
                \t\t\tdo(j)
                \t\t}
                \t}()
                \tfor _, j := range list {
                \t\tjobs <- j
                \t}
                \tclose(jobs)
                }
                """),
            RuleExample("""
                package p

                func process(list []Job) {
                \tjobs := make(chan Job)
                \tgo func() {
                \t\tfor j := range jobs {
                \t\t\tdo(j)
                \t\t}
                \t}()
                \tproduce(jobs, list)
                }
                """),
        ],
        fixes: [
            RuleExample("""
                package p

                func process(list []Job) {
                \tjobs := make(chan Job, 8)
                \tgo func() {
                \t\t↓for j := range jobs {
                \t\t\tdo(j)
                \t\t}
                \t}()
                \tfor _, j := range list {
                \t\tjobs <- j
                \t}
                \twait()
                }
                """, fixed: """
                package p

                func process(list []Job) {
                \tjobs := make(chan Job, 8)
                \tgo func() {
                \t\tfor j := range jobs {
                \t\t\tdo(j)
                \t\t}
                \t}()
                \tfor _, j := range list {
                \t\tjobs <- j
                \t}
                \tclose(jobs)
                \twait()
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) && tree.contains(.rangeStmt) else { return }  // the cheap bail-out
        let channels = pass.file.localChannels
        for channel in channels.channels where !channel.escapes && channel.closes.isEmpty && channel.ranges.count == 1 {
            let ranging = channel.ranges[0]
            guard let go = ranging.goStatement,
                  channels.owners.owner(of: go)?.node == channel.owner.node,
                  !channel.sends.isEmpty || !channel.selectSends.isEmpty, !isMain(channel.owner, tree) else { continue }
            var fixes: [Fix] = []
            let allSends = channel.sends + channel.selectSends
            if allSends.allSatisfy({ $0.owner.node == channel.owner.node }), channel.receives.isEmpty, channel.selectReceives.isEmpty,
               let last = allSends.max(by: { tree.start($0.node) < tree.start($1.node) }),
               let statement = tree.list(channel.owner.body, slot: .a).first(where: { tree.range($0).contains(tree.start(last.node)) }),
               tree.start(statement) > tree.end(go) {
                let lineStart = tree.source.lineStarts[tree.source.position(of: tree.start(statement)).line - 1]
                let indent = String(decoding: tree.source.bytes[lineStart..<tree.start(statement)].prefix { $0 == 0x09 || $0 == 0x20 }, as: UTF8.self)
                fixes.append(Fix(message: "close \(tree.name(channel.name)) after the last send",
                                 edits: [.insert("\n" + indent + "close(\(tree.name(channel.name)))", at: tree.end(statement))],
                                 applicability: .safe))
            }
            pass.report(tree.start(ranging.node)..<(tree.start(ranging.node) + 3),
                        "goroutine ranges over \(tree.name(channel.name)), which is never closed: once the sends stop it waits forever",
                        related: [RelatedLocation(range: tree.range(channel.make), message: "made here, and never closed")],
                        fixes: fixes)
        }
    }

    /// `func main` of package main: what it starts ends with the program.
    static func isMain(_ function: FunctionBody, _ tree: SyntaxTree) -> Bool {
        guard tree.kind(function.node) == .funcDecl, let name = tree.b(function.node), tree.hasText(name, "main"),
              tree.a(function.node) == nil else { return false }
        return tree.a(tree.root).map { tree.hasText($0, "main") } ?? false
    }
}
