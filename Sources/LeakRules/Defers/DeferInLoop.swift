import GoSyntax

/// L101: a `defer` that can run more than once per call of its function.
public enum DeferInLoop {
    public static let description = RuleDescription(
        code: "L101",
        name: "defer-in-loop",
        summary: "a defer that runs on every iteration of a loop piles up until its function returns",
        documentation: """
            ## What it does
            Finds `defer` statements that can run more than once in one call of their function: \
            inside a loop (any `for` or `range`, a labelled loop, or a loop made with `goto`), \
            unless every path from the defer leaves the loop (`return`, `break`, `goto` out). \
            A defer inside a function literal belongs to that literal.

            ## Why is this bad?
            A deferred call runs when the *function* returns, not at the end of the iteration. \
            Each iteration pushes a record holding the call's arguments and everything they \
            reference (files, buffers, locks) until then. In a long-running function, such as a \
            sampler or a worker loop that never returns, that memory is never freed: a slow leak. \
            In any function it keeps resources open far longer than intended.

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
            The fix moves the loop body into a function literal called once per iteration, so \
            the deferred call runs at the end of each iteration. It is safe when the body has no \
            `break`, `continue`, `goto`, `return` or label that the move would change the meaning \
            of; otherwise it is shown, not applied. Severity is `error` when the loop never ends \
            (the function never returns), `warning` otherwise.
            """,
        severity: .warning,
        triggering: [
            RuleExample("""
                package p

                func sample(files []string) {
                \tfor {
                \t\tfor _, name := range files {
                \t\t\tf := open(name)
                \t\t\t↓defer f.Close()
                \t\t}
                \t}
                }
                """),
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

                var handler = func(jobs chan int) {
                \tfor job := range jobs {
                \t\tr := start(job)
                \t\t↓defer r.Stop()
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

                func each(paths []string) {
                \tfor _, path := range paths {
                \t\tfunc() {
                \t\t\tf := open(path)
                \t\t\tdefer f.Close()
                \t\t}()
                \t}
                }
                """),
            RuleExample("""
                package p

                func first() {
                \tfor {
                \t\tdefer cleanup()
                \t\tbreak
                \t}
                }
                """),
            RuleExample("""
                package p

                func connect() error {
                \tfor attempt := 0; attempt < 3; attempt++ {
                \t\tc, err := dial()
                \t\tif err != nil {
                \t\t\tcontinue
                \t\t}
                \t\tdefer c.Close()
                \t\treturn use(c)
                \t}
                \treturn errFailed
                }
                """),
            RuleExample("""
                package p

                func once(f *File) {
                \tdefer f.Close()
                \tfor i := 0; i < 3; i++ {
                \t\tgo func() {
                \t\t\tdefer done()
                \t\t}()
                \t}
                }
                """),
        ],
        fixes: [
            RuleExample("""
                package p

                func each(paths []string) {
                \tfor _, path := range paths {
                \t\tf := open(path)
                \t\t↓defer f.Close()
                \t\tuse(f)
                \t}
                }
                """, fixed: """
                package p

                func each(paths []string) {
                \tfor _, path := range paths {
                \t\tfunc() {
                \t\t\tf := open(path)
                \t\t\tdefer f.Close()
                \t\t\tuse(f)
                \t\t}()
                \t}
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.deferStmt) else { return }  // the cheap bail-out
        // Every question below is asked by walking up from a defer to its own function, and
        // every graph question is answered for all statements at once: the work grows with
        // the code, not with the number of defers times the number of loops.
        let parents = pass.file.parents
        // A defer can only repeat inside a `for` or `range`, or in a loop made with a `goto`:
        // a defer with neither around it needs no control-flow graph. The loop must be the
        // defer's own function's: a defer in a literal inside a loop (`t.Run(name, func(t
        // *testing.T) { defer … })`, or the fix itself) runs once per call of the literal.
        var defers = tree.nodes(of: .deferStmt)
        let mayJumpBack = tree.contains(.labeledStmt) && tree.nodes(of: .branchStmt).contains { tree.token($0) == .goto }
        if !mayJumpBack {
            defers = defers.filter { innermostLoop(around: $0, tree: tree, parents: parents) != nil }
            guard !defers.isEmpty else { return }
        }
        let owners = Set(defers.compactMap { ownFunction(of: $0, tree: tree, parents: parents) })
        for function in pass.file.functions where owners.contains(function.node) {
            var defers: [Node] = []
            var channelRangeCandidates: [Node] = []
            function.forEachOwnNode(in: tree) { node in
                switch tree.kind(node) {
                case .deferStmt: defers.append(node)
                case .rangeStmt: channelRangeCandidates.append(node)
                default: break
                }
            }
            let graph = pass.file.controlFlow(of: function)
            let repeating = defers.filter { graph.canRepeat($0) }
            guard !repeating.isEmpty else { continue }
            // For the severity: a range over a channel around the defer counts as a loop that
            // may never end (nobody may ever close the channel).
            let channels = ChannelExpressions(tree: tree, function: function, in: pass.file)
            let channelRanges = Set(channelRangeCandidates.filter { tree.c($0).map(channels.isChannel) ?? false })
            var endlessGraphs: [Set<Node>: ControlFlowGraph] = [[]: graph]
            for deferStmt in repeating {
                var around: Set<Node> = []
                if !channelRanges.isEmpty {
                    forEachAncestor(of: deferStmt, tree: tree, parents: parents) { if channelRanges.contains($0) { around.insert($0) } }
                }
                let endlessGraph = endlessGraphs[around] ?? ControlFlowGraph(tree: tree, body: function.body, endlessRanges: around)
                endlessGraphs[around] = endlessGraph
                check(deferStmt, loop: innermostLoop(around: deferStmt, tree: tree, parents: parents), function: function,
                      endless: !endlessGraph.canReachExit(from: deferStmt), pass: pass)
            }
        }
    }

    /// Calls `visit` with each node above `node` up to (not including) its own function.
    private static func forEachAncestor(of node: Node, tree: SyntaxTree, parents: Parents, _ visit: (Node) -> Void) {
        var current = parents.parent(of: node)
        while let ancestor = current, tree.kind(ancestor) != .funcLit, tree.kind(ancestor) != .funcDecl {
            visit(ancestor)
            current = parents.parent(of: ancestor)
        }
    }

    /// The innermost `for` or `range` around `node` in its own function.
    private static func innermostLoop(around node: Node, tree: SyntaxTree, parents: Parents) -> Node? {
        var current = parents.parent(of: node)
        while let ancestor = current {
            switch tree.kind(ancestor) {
            case .forStmt, .rangeStmt: return ancestor
            case .funcLit, .funcDecl: return nil
            default: current = parents.parent(of: ancestor)
            }
        }
        return nil
    }

    /// The function declaration or literal `node` belongs to.
    private static func ownFunction(of node: Node, tree: SyntaxTree, parents: Parents) -> Node? {
        var current = parents.parent(of: node)
        while let ancestor = current {
            if tree.kind(ancestor) == .funcLit || tree.kind(ancestor) == .funcDecl { return ancestor }
            current = parents.parent(of: ancestor)
        }
        return nil
    }

    private static func check(_ deferStmt: Node, loop: Node?, function: FunctionBody, endless: Bool, pass: Pass) {
        let tree = pass.tree
        let call = abbreviated(tree.a(deferStmt).map { tree.text($0) } ?? "")
        let name = function.displayName(in: tree)
        let message: String
        if endless {
            message = "defer \(call) in a loop that may never end: \(name) may never return, so the deferred calls and what they hold are never released"
        } else {
            message = "defer \(call) runs when \(name) returns, not at the end of each iteration: the deferred calls pile up while the loop runs"
        }
        var related: [RelatedLocation] = []
        if let loop {
            related.append(RelatedLocation(range: tree.start(loop)..<(tree.start(loop) + 3), message: "the loop"))
        }
        let fixes = loop.map { [wrapBody(of: $0, pass: pass)] } ?? []
        pass.report(tree.start(deferStmt)..<tree.end(deferStmt), message, severity: endless ? .error : nil,
                    related: related, fixes: fixes)
    }

    static func abbreviated(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " ")
        return oneLine.count <= 48 ? oneLine : String(oneLine.prefix(45)) + "…"
    }

    /// Moves the loop body into `func() { … }()`, one indentation deeper.
    private static func wrapBody(of loop: Node, pass: Pass) -> Fix {
        let tree = pass.tree
        let source = pass.source
        guard let body = tree.d(loop), let closing = tree.offset(body, slot: .b) else {
            return Fix(message: "move the loop body into a function literal called once per iteration", edits: [], applicability: .displayOnly)
        }
        let opening = tree.start(body)
        let indent = leadingWhitespace(source, lineOf: closing)
        let inner = indent + "\t"
        var edits = [TextEdit.insert("\n" + inner + "func() {", at: opening + 1)]
        // one more tab at the start of every non-empty line inside the body
        let firstLine = source.position(of: opening).line + 1
        let lastLine = source.position(of: closing).line - 1
        if firstLine <= lastLine {
            for line in firstLine...lastLine {
                let start = source.lineStarts[line - 1]
                let next = line < source.lineStarts.count ? source.lineStarts[line] : source.bytes.count
                if next - start > 1 { edits.append(.insert("\t", at: start)) }
            }
        }
        let closingLineStart = source.lineStarts[source.position(of: closing).line - 1]
        edits.append(.insert(inner + "}()\n", at: closingLineStart))
        // inside the literal, `continue` of this loop becomes `return`
        let (crossing, continues) = controlLeavingBody(body, tree: tree)
        for statement in continues {
            edits.append(TextEdit(range: tree.range(statement), replacement: "return"))
        }
        return Fix(message: "move the loop body into a function literal called once per iteration",
                   edits: edits, applicability: crossing ? .displayOnly : .safe)
    }

    /// What would change meaning if the body moved into a literal: `return`, `goto`, labels,
    /// and `break` out of the body make the move unsafe; a `continue` of the wrapped loop can
    /// become `return` and is listed.
    private static func controlLeavingBody(_ body: Node, tree: SyntaxTree) -> (crossing: Bool, continues: [Node]) {
        var crossing = false
        var continues: [Node] = []
        var loopsInside: [Range<Int>] = []
        var breakablesInside: [Range<Int>] = []  // loops, switches and selects
        tree.walk(from: body) { node in
            if crossing { return false }
            switch tree.kind(node) {
            case .funcLit:
                return false
            case .returnStmt, .labeledStmt:
                crossing = true
            case .forStmt, .rangeStmt:
                loopsInside.append(tree.range(node))
                breakablesInside.append(tree.range(node))
            case .switchStmt, .typeSwitchStmt, .selectStmt:
                breakablesInside.append(tree.range(node))
            case .branchStmt:
                let at = tree.start(node)
                switch tree.token(node) {
                case .break:
                    crossing = tree.a(node) != nil || !breakablesInside.contains { $0.contains(at) }
                case .continue:
                    if tree.a(node) != nil {
                        crossing = true
                    } else if !loopsInside.contains(where: { $0.contains(at) }) {
                        continues.append(node)
                    }
                case .goto:
                    crossing = true
                default:
                    break
                }
            default:
                break
            }
            return true
        }
        return (crossing, continues)
    }

    private static func leadingWhitespace(_ source: SourceFile, lineOf offset: Int) -> String {
        let start = source.lineStarts[source.position(of: offset).line - 1]
        var end = start
        while end < source.bytes.count, source.bytes[end] == UInt8(ascii: "\t") || source.bytes[end] == UInt8(ascii: " ") {
            end += 1
        }
        return source.text(start..<end)
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(self).trimmingWhitespace()
    }
}
