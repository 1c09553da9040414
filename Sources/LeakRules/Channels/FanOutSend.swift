import GoSyntax

/// L201: the story's second leak — a loop that starts one goroutine per channel just to send.
public enum FanOutSend {
    public static let description = RuleDescription(
        code: "L201",
        name: "fan-out-send",
        summary: "a goroutine started per channel in a loop only to send blocks forever once that receiver is gone",
        documentation: """
            ## What it does
            Finds loops over channels (`for i := range chans`, `for _, ch := range chans`) that \
            start a goroutine for each one whose body sends on it, outside any `select`: the \
            fan-out written to keep the loop from blocking.

            ## Why is this bad?
            The send still blocks: only the goroutine waits instead of the loop. When a receiver \
            stops receiving (it returned, it failed), every later iteration leaves one more \
            goroutine blocked forever on its send, with its stack and the value it holds. Memory \
            and goroutine counts grow without end.

            ## Example
            ```go
            for i := range channels {
                go func() {
                    channels[i] <- value
                }()
            }
            ```

            Use instead (a receiver that is not ready loses the value):
            ```go
            for i := range channels {
                select {
                case channels[i] <- value:
                default:
                }
            }
            ```

            ## Fix safety
            The fix replaces the goroutine with a non-blocking send. It is unsafe: a value is \
            dropped when its receiver is not ready, where the goroutine would have waited (and \
            leaked). Buffered channels, a `ctx.Done()` case or a bounded queue keep the values.
            """,
        severity: .error,
        triggering: [
            RuleExample("""
                package p

                func broadcast(channels []chan int, value int) {
                \tfor i := range channels {
                \t\tgo func() {
                \t\t\t↓channels[i] <- value
                \t\t}()
                \t}
                }
                """),
            RuleExample("""
                package p

                func broadcast(subscribers []chan string, message string) {
                \tfor _, ch := range subscribers {
                \t\tgo func(c chan string) {
                \t\t\t↓c <- message
                \t\t\tsent()
                \t\t}(ch)
                \t}
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                package p

                func broadcast(channels []chan int, value int) {
                \tfor i := range channels {
                \t\tselect {
                \t\tcase channels[i] <- value:
                \t\tdefault:
                \t\t}
                \t}
                }
                """),
            RuleExample("""
                package p

                func broadcast(ctx Context, channels []chan int, value int) {
                \tfor _, ch := range channels {
                \t\tgo func(ch chan int) {
                \t\t\tselect {
                \t\t\tcase ch <- value:
                \t\t\tcase <-ctx.Done():
                \t\t\t}
                \t\t}(ch)
                \t}
                }
                """),
            RuleExample("""
                package p

                func parallel(n int) {
                \tchans := make([]chan string, n)
                \tfor i := range chans {
                \t\tchans[i] = make(chan string)
                \t\tgo func(ch chan string) {
                \t\t\tdefer close(ch)
                \t\t\tch <- compute()
                \t\t}(chans[i])
                \t}
                \tfor _, ch := range chans {
                \t\tfor result := range ch {
                \t\t\tuse(result)
                \t\t}
                \t}
                }
                """),
            RuleExample("""
                package p

                func work(jobs []int, results chan int) {
                \tfor _, job := range jobs {
                \t\tgo func(job int) {
                \t\t\tresults <- job * 2
                \t\t}(job)
                \t}
                }
                """),
        ],
        fixes: [
            RuleExample("""
                package p

                func broadcast(channels []chan int, value int) {
                \tfor i := range channels {
                \t\tgo func(ch chan int) {
                \t\t\t↓ch <- value
                \t\t\tcount++
                \t\t}(channels[i])
                \t}
                }
                """, fixed: """
                package p

                func broadcast(channels []chan int, value int) {
                \tfor i := range channels {
                \t\tselect {
                \t\tcase channels[i] <- value:
                \t\t\tcount++
                \t\tdefault:
                \t\t}
                \t}
                }
                """),
        ]
    )

    public static let rule = Rule(description) { pass in
        let tree = pass.tree
        guard tree.contains(.goStmt) && tree.contains(.sendStmt) else { return }  // the cheap bail-out
        for range in tree.nodes(of: .rangeStmt) {
            lazy var scopes = pass.file.scopes(around: range)  // only once a goroutine in this loop sends
            guard let body = tree.d(range), let collection = tree.c(range) else { continue }
            // the iteration variables that name one channel of the collection
            let key = tree.a(range)
            let value = tree.b(range)
            for goStmt in tree.nodes(of: .goStmt, under: body) where directlyIn(goStmt, body: body, tree: tree) {
                guard let call = tree.a(goStmt), let literal = tree.a(call), tree.kind(literal) == .funcLit,
                      let literalBody = tree.b(literal) else { continue }
                let statements = Array(tree.list(literalBody, slot: .a))
                guard let send = statements.first(where: { tree.kind($0) == .sendStmt }), let channel = tree.a(send) else { continue }
                // the channel sent on must be this iteration's element of the ranged collection
                let arguments = Array(tree.list(call, slot: .c))
                let parameters = parameterNames(of: literal, tree: tree)
                let target = resolve(channel, parameters: parameters, arguments: arguments, scopes: scopes, tree: tree)
                guard isElement(target, of: collection, key: key, value: value, scopes: scopes, tree: tree) else { continue }
                // precision first: a later loop over the same channels in this function drains them
                guard !drainedLater(collection, after: range, scopes: scopes, tree: tree) else { continue }
                let text = tree.text(channel)
                pass.report(tree.range(send),
                            "goroutine started for each channel sends on \(text) outside a select: once that receiver stops receiving, each iteration leaves a goroutine blocked forever",
                            related: [RelatedLocation(range: tree.start(goStmt)..<(tree.start(goStmt) + 2), message: "started here, once per iteration"),
                                      RelatedLocation(range: tree.start(range)..<(tree.start(range) + 3), message: "the loop over the channels")],
                            fixes: [fix(goStmt, literal: literal, call: call, send: send, statements: statements,
                                        parameters: parameters, arguments: arguments, scopes: scopes, pass: pass)])
            }
        }
    }

    /// Whether a later `range` over the same collection (a local variable) follows the loop.
    static func drainedLater(_ collection: Node, after loop: Node, scopes: Scopes, tree: SyntaxTree) -> Bool {
        guard tree.kind(collection) == .ident, case .local = scopes.binding(of: collection) else { return false }
        return tree.nodes(of: .rangeStmt).contains { other in
            guard tree.start(other) > tree.end(loop), let ranged = tree.c(other), tree.kind(ranged) == .ident else { return false }
            return scopes.binding(of: ranged) == scopes.binding(of: collection)
        }
    }

    /// Whether the go statement belongs to this loop body (not to a literal inside it).
    static func directlyIn(_ statement: Node, body: Node, tree: SyntaxTree) -> Bool {
        !tree.nodes(of: .funcLit, under: body).contains { literal in
            tree.range(literal).contains(tree.start(statement)) && literal != statement
        }
    }

    static func parameterNames(of literal: Node, tree: SyntaxTree) -> [Node] {
        guard let type = tree.a(literal), let params = tree.c(type) else { return [] }
        return tree.list(params, slot: .b).flatMap { Array(tree.list($0, slot: .a)) }
    }

    /// A parameter of the literal stands for its argument.
    static func resolve(_ expression: Node, parameters: [Node], arguments: [Node], scopes: Scopes, tree: SyntaxTree) -> Node {
        guard tree.kind(expression) == .ident, case .local(let declaration) = scopes.binding(of: expression),
              let index = parameters.firstIndex(of: declaration), index < arguments.count else { return expression }
        return arguments[index]
    }

    /// `chans[i]` with `i` the range key, or the range value itself, over `chans`.
    static func isElement(_ expression: Node, of collection: Node, key: Node?, value: Node?, scopes: Scopes, tree: SyntaxTree) -> Bool {
        func same(_ a: Node, _ b: Node) -> Bool {
            tree.kind(a) == .ident && tree.kind(b) == .ident && scopes.binding(of: a) == scopes.binding(of: b)
                && scopes.binding(of: a) != .unresolved || tree.text(a) == tree.text(b) && tree.kind(a) != .ident
        }
        if tree.kind(expression) == .ident, let value {
            return scopes.binding(of: expression) == .local(value)
        }
        if tree.kind(expression) == .indexExpr, let base = tree.a(expression), let key,
           let index = tree.list(expression, slot: .c).first, tree.kind(index) == .ident {
            return scopes.binding(of: index) == .local(key) && same(base, collection)
        }
        return false
    }

    /// `go func(…) { ch <- v; rest }(args)` becomes `select { case ch <- v: rest; default: }`,
    /// with the literal's parameters replaced by its arguments. Unsafe: values can be dropped.
    static func fix(_ goStmt: Node, literal: Node, call: Node, send: Node, statements: [Node], parameters: [Node],
                    arguments: [Node], scopes: Scopes, pass: Pass) -> Fix {
        let tree = pass.tree
        let message = "send without blocking: select with a default case (drops the value when nobody receives)"
        guard statements.first == send, tree.list(call, slot: .c).count == parameters.count,
              !tree.nodes(of: .returnStmt, under: literal).contains(where: { _ in true }) else {
            return Fix(message: message, edits: [], applicability: .displayOnly)
        }
        // the literal's text with parameters replaced by their arguments
        func rewritten(_ node: Node) -> String {
            var text = tree.text(node)
            var replacements: [(Range<Int>, String)] = []
            for ident in tree.nodes(of: .ident, under: node) {
                guard case .local(let declaration) = scopes.binding(of: ident), let index = parameters.firstIndex(of: declaration) else { continue }
                let argument = arguments[index]
                let simple = [NodeKind.ident, .selectorExpr, .indexExpr, .basicLit].contains(tree.kind(argument))
                replacements.append((tree.range(ident), simple ? tree.text(argument) : "(" + tree.text(argument) + ")"))
            }
            let base = tree.start(node)
            var bytes = Array(text.utf8)
            for (range, replacement) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
                bytes.replaceSubrange((range.lowerBound - base)..<(range.upperBound - base), with: Array(replacement.utf8))
            }
            text = String(decoding: bytes, as: UTF8.self)
            return text
        }
        let indent = pass.source.lineText(containing: tree.start(goStmt)).prefix { $0 == "\t" || $0 == " " }
        var replacement = "select {\n\(indent)case \(rewritten(send)):\n"
        for statement in statements.dropFirst() {
            replacement += "\(indent)\t\(rewritten(statement))\n"
        }
        replacement += "\(indent)default:\n\(indent)}"
        return Fix(message: message, edits: [TextEdit(range: tree.range(goStmt), replacement: replacement)], applicability: .unsafe)
    }
}
