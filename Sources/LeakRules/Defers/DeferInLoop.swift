import GoSyntax

/// L101: a `defer` that runs on every iteration of a loop that does not end by itself.
public enum DeferInLoop {
    public static let description = RuleDescription(
        code: "L101",
        name: "defer-in-loop",
        summary: "a defer in a loop that does not end by itself: the deferred calls are kept for as long as the loop runs",
        documentation: """
            ## What it does
            Finds `defer` statements that run on every iteration of a loop that does not end by \
            itself: a `for` with no condition, or a `range` over a channel (it ends only when \
            someone closes the channel). Such a loop runs until something happens (a `return`, \
            a `break` when a connection fails) or forever: the shape of a long-running function, \
            a sampler, a worker, a connection's read loop. A `for` with no condition that \
            compares an error with `io.EOF` reads a stream to its end and ends with its input: \
            it is not reported. A defer inside a function literal belongs to that literal; a \
            defer behind a guard that the guarded block turns off (`if t == nil { t = \
            newTimer(); defer t.Stop() }`), or in a `select` case on a timer made before the \
            loop, runs once and is not reported.

            A defer in a loop that ends by itself (over a slice, up to a count, while a \
            condition holds) piles up only until its function returns soon after: that is a \
            style matter, reported by the opt-in rule L102, not here.

            ## Why is this bad?
            A deferred call runs when the *function* returns, not at the end of the iteration. \
            Each iteration pushes a record holding the call's arguments and everything they \
            reference (files, buffers, locks) until then. A function that runs for the life of \
            the process never releases them: memory and file descriptors grow until it falls \
            over. Severity is `error` for a loop that never ends or that only `return` leaves, \
            `warning` for one a `break` leaves or a range over a channel (it ends when the \
            channel is closed, which may be never).

            ## Example
            ```go
            for {
                select {
                case <-ctx.Done():
                    return
                case <-ticker.C:
                    f, err := os.Open(path)
                    if err != nil {
                        continue
                    }
                    defer f.Close()
                    sample(f)
                }
            }
            ```

            Use instead:
            ```go
            for {
                select {
                case <-ctx.Done():
                    return
                case <-ticker.C:
                    sampleFile(path) // opens, defers Close, and returns
                }
            }
            ```

            ## Fix safety
            The fix moves the loop body into a function literal called once per iteration, so \
            the deferred call runs at the end of each iteration. It is safe when the body has no \
            `break`, `continue`, `goto`, `return` or label that the move would change the meaning \
            of; otherwise it is shown, not applied.
            """,
        severity: .error,
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

                func run(ctx Context, tick <-chan Time) {
                \tfor {
                \t\tselect {
                \t\tcase <-ctx.Done():
                \t\t\treturn
                \t\tcase <-tick:
                \t\t\tf := open("stat")
                \t\t\t↓defer f.Close()
                \t\t}
                \t}
                }
                """),
            RuleExample("""
                package p

                func readLoop(conn Conn) {
                \tfor {
                \t\tmsg, err := conn.Read()
                \t\tif err != nil {
                \t\t\tbreak
                \t\t}
                \t\tctx, cancel := withTimeout()
                \t\t↓defer cancel()
                \t\thandle(ctx, msg)
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

                func all(paths []string) error {
                \tfor _, path := range paths {
                \t\tf := open(path)
                \t\tdefer f.Close()
                \t}
                \treturn nil
                }
                """),
            RuleExample("""
                package p

                func unpack(r *Reader) error {
                \tfor {
                \t\thdr, err := r.Next()
                \t\tif err == io.EOF {
                \t\t\tbreak
                \t\t}
                \t\tf := open(hdr.Name)
                \t\tdefer f.Close()
                \t}
                \treturn nil
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

                func poll(ch chan int) {
                \tvar t *Timer
                \tfor {
                \t\tif t == nil {
                \t\t\tt = newTimer()
                \t\t\tdefer t.Stop()
                \t\t}
                \t\t<-ch
                \t}
                }
                """),
            RuleExample("""
                package p

                func dial(results chan Conn) Conn {
                \tfallback := time.NewTimer(delay)
                \tfor {
                \t\tselect {
                \t\tcase <-fallback.C:
                \t\t\tctx, cancel := withCancel()
                \t\t\tdefer cancel()
                \t\t\tgo race(ctx, results)
                \t\tcase c := <-results:
                \t\t\treturn c
                \t\t}
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

                func each(jobs chan string) {
                \tfor path := range jobs {
                \t\tf := open(path)
                \t\t↓defer f.Close()
                \t\tuse(f)
                \t}
                }
                """, fixed: """
                package p

                func each(jobs chan string) {
                \tfor path := range jobs {
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
        var fixed: Set<Node> = []
        for found in RepeatingDefers.find(in: pass) {
            guard let unending = found.unending else { continue }
            // one fix per loop, on its first defer: the fix wraps the whole body, so a loop of
            // thousands of defers would otherwise carry thousands of copies of it
            let offersFix = found.loop.map { fixed.insert($0).inserted } ?? false
            check(found, unending: unending, offersFix: offersFix, pass: pass)
        }
    }

    private static func check(_ found: RepeatingDefer, unending loop: Node, offersFix: Bool, pass: Pass) {
        let tree = pass.tree
        let call = abbreviated(tree.a(found.statement).map { tree.text($0) } ?? "")
        let name = found.function.displayName(in: tree)
        let message: String
        var related: [RelatedLocation] = []
        let header = tree.start(loop)..<(tree.start(loop) + 3)
        if found.overChannel && !neverClosed(loop, tree: tree) {
            let channel = tree.c(loop).map { abbreviated(tree.text($0)) } ?? "the channel"
            message = "defer \(call) in a loop over \(channel), which ends only when the channel is closed: each received value leaves a deferred call that \(name) keeps until it returns"
            related.append(RelatedLocation(range: header, message: "ranges over a channel: ends only when it is closed"))
        } else if found.neverReturns {
            message = "defer \(call) in a loop that never ends: \(name) never returns, so the deferred calls and what they hold are never released"
            related.append(RelatedLocation(range: header, message: found.overChannel ? "ranges over a timer's channel, which is never closed" : "no condition, no break, no return: never ends"))
        } else {
            let lines = found.exits.prefix(3).map { String(pass.source.position(of: tree.start($0)).line) }
            let at = lines.isEmpty ? "" : " (line\(lines.count == 1 ? "" : "s") \(lines.joined(separator: ", "))\(found.exits.count > 3 ? ", …" : ""))"
            let ways = found.leftByBreak ? "break or return" : "return"
            message = "defer \(call) in a loop with no condition, left only by \(ways)\(at): every iteration's deferred call is kept until \(name) returns, which a long-running loop may never do"
            related.append(RelatedLocation(range: header, message: found.leftByBreak ? "no condition: runs until a break or return" : "no condition and no break: only return leaves it"))
            for exit in found.exits.prefix(3) {
                related.append(RelatedLocation(range: tree.start(exit)..<(tree.start(exit) + 6), message: "the loop's way out"))
            }
        }
        let fixes = offersFix ? found.loop.map { [wrapBody(of: $0, pass: pass)] } ?? [] : []
        pass.report(tree.start(found.statement)..<tree.end(found.statement), message,
                    severity: (found.overChannel && !neverClosed(loop, tree: tree)) || found.leftByBreak ? .warning : .error, related: related, fixes: fixes)
    }

    /// A ticker's or timer's channel (`t.C`, `time.Tick(…)`): the time package never closes it.
    private static func neverClosed(_ range: Node, tree: SyntaxTree) -> Bool {
        guard let channel = tree.c(range) else { return false }
        switch tree.kind(channel) {
        case .selectorExpr:
            return tree.b(channel).map { tree.hasText($0, "C") } ?? false
        case .callExpr:
            guard let fun = tree.a(channel), tree.kind(fun) == .selectorExpr, let base = tree.a(fun), let function = tree.b(fun) else { return false }
            return tree.hasText(base, "time") && tree.hasText(function, "Tick")
        default:
            return false
        }
    }

    static func abbreviated(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " ")
        return oneLine.count <= 48 ? oneLine : String(oneLine.prefix(45)) + "…"
    }

    /// Moves the loop body into `func() { … }()`, one indentation deeper.
    static func wrapBody(of loop: Node, pass: Pass) -> Fix {
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
