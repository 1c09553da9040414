import GoSyntax

/// What the syntax alone tells about whether an expression is a channel (Seep has no type
/// checker): a `make(chan …)`, a variable or parameter declared with a channel type or made
/// by `make(chan …)` in the function or a function around it (a literal captures those),
/// `time.Tick(…)`, `time.After(…)`, or a ticker's or timer's `.C`.
struct ChannelExpressions {
    private let tree: SyntaxTree
    private var names = Set<String>()

    init(tree: SyntaxTree, function: FunctionBody, in file: FileContext) {
        self.tree = tree
        let range = tree.range(function.node)
        for outer in file.functions where outer.node != function.node {
            let outerRange = tree.range(outer.node)
            if outerRange.lowerBound <= range.lowerBound && range.upperBound <= outerRange.upperBound {
                collect(outer)
            }
        }
        collect(function)
    }

    private mutating func collect(_ function: FunctionBody) {
        // parameters and results
        let type = tree.kind(function.node) == .funcDecl ? tree.c(function.node) : tree.a(function.node)
        if let type {
            for list in [tree.c(type), tree.d(type)].compactMap({ $0 }) {
                for field in tree.list(list, slot: .b) where tree.b(field).map({ tree.kind($0) == .chanType }) ?? false {
                    for name in tree.list(field, slot: .a) { names.insert(tree.name(name)) }
                }
            }
        }
        // local declarations: `x := make(chan T)`, `var x chan T`, `var x = make(chan T)`
        function.forEachOwnNode(in: tree) { node in
            switch tree.kind(node) {
            case .assignStmt where tree.token(node) == .define:
                let lhs = tree.list(node, slot: .a)
                let rhs = tree.list(node, slot: .b)
                guard lhs.count == rhs.count else { return }
                for (name, value) in zip(lhs, rhs) where tree.kind(name) == .ident && isMakeChan(value) {
                    names.insert(tree.name(name))
                }
            case .valueSpec:
                let declared = tree.list(node, slot: .a)
                let values = tree.list(node, slot: .c)
                let typed = tree.b(node).map { tree.kind($0) == .chanType } ?? false
                for (index, name) in declared.enumerated() {
                    if typed || (index < values.count && isMakeChan(values[index])) { names.insert(tree.name(name)) }
                }
            default:
                break
            }
        }
    }

    func isMakeChan(_ expression: Node) -> Bool {
        guard tree.kind(expression) == .callExpr, let fun = tree.a(expression), tree.kind(fun) == .ident,
              tree.hasText(fun, "make"), let first = tree.list(expression, slot: .c).first else { return false }
        return tree.kind(first) == .chanType
    }

    func isChannel(_ expression: Node) -> Bool {
        switch tree.kind(expression) {
        case .ident:
            return names.contains(tree.name(expression))
        case .parenExpr:
            return tree.a(expression).map(isChannel) ?? false
        case .selectorExpr:
            return tree.b(expression).map { tree.hasText($0, "C") } ?? false
        case .callExpr:
            if isMakeChan(expression) { return true }
            guard let fun = tree.a(expression), tree.kind(fun) == .selectorExpr, let base = tree.a(fun),
                  let selector = tree.b(fun), tree.hasText(base, "time") else { return false }
            return tree.hasText(selector, "Tick") || tree.hasText(selector, "After")
        default:
            return false
        }
    }
}
