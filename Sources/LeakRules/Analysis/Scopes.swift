import GoSyntax

/// Which declaration each identifier of a file refers to, by Go's scope rules, as far as one
/// file shows them: package-level names, imports, and the block scopes of every function
/// (parameters, results and receivers, `:=`, `var`/`const`/`type` in blocks, range and
/// type-switch variables, select receives), with literals seeing their enclosing functions'
/// names. Names declared in other files of the package are `unresolved` here.
public struct Scopes: Sendable {
    public enum Binding: Sendable, Equatable {
        /// Declared in a function (or a literal around it): the declaring identifier.
        case local(Node)
        /// Declared at package level in this file.
        case package(Node)
        /// An imported package's name.
        case imported(path: String)
        /// Not declared in this file: a predeclared name or one from another file.
        case unresolved
    }

    /// The bindings of the resolved nodes, from `base` on (a declaration's nodes are one run
    /// of the tree's storage, so an array covers them).
    private var bindings: [Binding] = []
    private var base: Int32 = 0
    /// The package-level declaring identifiers, which refer to themselves.
    private let packageDeclarations: Set<Int32>

    /// What an identifier use refers to. Declaring identifiers refer to themselves.
    public func binding(of ident: Node) -> Binding {
        let slot = Int(ident.index - base)
        if slot >= 0 && slot < bindings.count {
            switch bindings[slot] {
            case .unresolved: break
            case let binding: return binding
            }
        }
        return packageDeclarations.contains(ident.index) ? .package(ident) : .unresolved
    }

    public func isLocal(_ ident: Node) -> Bool {
        if case .local = binding(of: ident) { return true }
        return false
    }

    public init(_ tree: SyntaxTree) {
        self.init(tree, packageLevel: PackageLevel(tree), declaration: nil)
    }

    /// The names of the file's package level, and inside only the given top-level
    /// declaration: what a rule needs to follow a function's own variables, at a fraction of
    /// the cost of the whole file.
    public init(_ tree: SyntaxTree, declaration: Node) {
        self.init(tree, packageLevel: PackageLevel(tree), declaration: declaration)
    }

    /// As above, with the package level already read (a file resolves it once, not once per
    /// declaration); nil resolves every declaration.
    init(_ tree: SyntaxTree, packageLevel: PackageLevel, declaration: Node?) {
        let first = declaration.map { tree.firstDescendant(of: $0).index } ?? 0
        let last = declaration?.index ?? Int32(tree.nodeCount - 1)
        var resolver = Resolver(tree: tree, packageLevel: packageLevel, base: first, count: Int(last - first + 1))
        if let declaration {
            resolver.visit(declaration)
        } else {
            for decl in tree.list(tree.root, slot: .b) { resolver.visit(decl) }
        }
        bindings = resolver.bindings
        base = first
        packageDeclarations = packageLevel.declaringIdents
    }

    /// The names declared at a file's package level, and its imports' local names, by name
    /// number.
    struct PackageLevel {
        let numbers: NameNumbers
        let names: [Int32: Node]
        let imports: [Int32: String]
        let declaringIdents: Set<Int32>

        init(_ tree: SyntaxTree) {
            var numbers = NameNumbers(tree)
            var names: [Int32: Node] = [:]
            var imports: [Int32: String] = [:]
            var declaringIdents: Set<Int32> = []
            func declare(_ name: Node) {
                let number = numbers.number(of: name)
                guard number != NameNumbers.blank else { return }
                names[number] = name
                declaringIdents.insert(name.index)
            }
            for decl in tree.list(tree.root, slot: .b) {
                switch tree.kind(decl) {
                case .funcDecl:
                    if tree.a(decl) == nil, let name = tree.b(decl) { declare(name) }
                case .genDecl:
                    for spec in tree.list(decl, slot: .a) {
                        switch tree.kind(spec) {
                        case .importSpec:
                            guard let path = tree.b(spec) else { continue }
                            let literal = tree.literalValue(path)
                            let importPath = String(literal.dropFirst().dropLast())
                            if let local = tree.a(spec) {
                                let number = numbers.number(of: local)
                                if number != NameNumbers.blank { imports[number] = importPath }
                            } else {
                                imports[numbers.number(ofName: Imports.defaultName(importPath))] = importPath
                            }
                        case .valueSpec:
                            for name in tree.list(spec, slot: .a) { declare(name) }
                        case .typeSpec:
                            if let name = tree.a(spec) { declare(name) }
                        default:
                            break
                        }
                    }
                default:
                    break
                }
            }
            self.numbers = numbers
            self.names = names
            self.imports = imports
            self.declaringIdents = declaringIdents
        }
    }

    private struct Resolver {
        let tree: SyntaxTree
        var numbers: NameNumbers
        var bindings: [Binding]
        let base: Int32
        /// The innermost local declaration in scope of each name number (an index into
        /// `locals`, or -1 when there is none): one lookup, however deep the nesting.
        var names: [Int32] = []
        let packageNames: [Int32: Node]
        let importNames: [Int32: String]
        /// The local declarations in scope, innermost last.
        var locals: [Local] = []
        /// Where each open scope's declarations start in `locals`.
        var scopeStarts: [Int] = []
        var depth = 0

        struct Local {
            let ident: Node
            let name: Int32
            /// The declaration this one hides (an index into `locals`), or -1.
            let shadowed: Int32
            /// The number of scopes open when it was declared.
            let scope: Int
        }

        init(tree: SyntaxTree, packageLevel: PackageLevel, base: Int32, count: Int) {
            self.tree = tree
            numbers = packageLevel.numbers
            packageNames = packageLevel.names
            importNames = packageLevel.imports
            self.base = base
            bindings = Array(repeating: .unresolved, count: count)
        }

        mutating func bind(_ ident: Node, _ binding: Binding) {
            bindings[Int(ident.index - base)] = binding
        }

        // MARK: Scopes

        mutating func push() { scopeStarts.append(locals.count) }

        mutating func pop() {
            let start = scopeStarts.removeLast()
            while locals.count > start {
                let local = locals.removeLast()
                names[Int(local.name)] = local.shadowed
            }
        }

        /// The innermost local declaration in scope of a name number.
        func innermost(_ number: Int32) -> Int32 {
            number >= 0 && Int(number) < names.count ? names[Int(number)] : -1
        }

        /// The innermost local declaration of the identifier's name in scope.
        mutating func local(named ident: Node) -> Local? {
            let innermost = innermost(numbers.number(of: ident))
            return innermost >= 0 ? locals[Int(innermost)] : nil
        }

        mutating func declare(_ ident: Node) {
            guard tree.kind(ident) == .ident, !scopeStarts.isEmpty else { return }
            let number = numbers.number(of: ident)
            guard number != NameNumbers.blank else { return }
            if Int(number) >= names.count { names += repeatElement(-1, count: numbers.count - names.count) }
            let shadowed = names[Int(number)]
            names[Int(number)] = Int32(locals.count)
            locals.append(Local(ident: ident, name: number, shadowed: shadowed, scope: scopeStarts.count))
            bind(ident, .local(ident))
        }

        mutating func use(_ ident: Node) {
            let number = numbers.number(of: ident)
            guard number != NameNumbers.blank else { return }
            let innermost = innermost(number)
            if innermost >= 0 {
                bind(ident, .local(locals[Int(innermost)].ident))
            } else if let declaration = packageNames[number] {
                bind(ident, .package(declaration))
            } else if let path = importNames[number] {
                bind(ident, .imported(path: path))
            }
        }

        // MARK: Walking

        mutating func visit(_ node: Node?) {
            guard let node else { return }
            depth += 1
            defer { depth -= 1 }
            guard depth < 2000 else { return }
            let t = tree
            switch t.kind(node) {
            case .ident:
                use(node)
            case .selectorExpr:
                visit(t.a(node))  // the selector itself names a field or method, not a variable
            case .keyValueExpr:
                // in a composite literal the key may be a field name; resolve it only if declared
                if let key = t.a(node), t.kind(key) == .ident {
                    if local(named: key) != nil { use(key) }
                } else {
                    visit(t.a(node))
                }
                visit(t.b(node))
            case .funcDecl:
                push()
                if let receiver = t.a(node) { declareFields(receiver) }
                if let type = t.c(node) { declareSignature(type) }
                visitChildren(of: t.d(node), asNewScope: false)
                pop()
            case .funcLit:
                push()
                if let type = t.a(node) { declareSignature(type) }
                visitChildren(of: t.b(node), asNewScope: false)
                pop()
            case .blockStmt:
                push()
                for statement in t.list(node, slot: .a) { visit(statement) }
                pop()
            case .assignStmt:
                for value in t.list(node, slot: .b) { visit(value) }
                if t.token(node) == .define {
                    for target in t.list(node, slot: .a) {
                        if t.kind(target) != .ident {
                            visit(target)  // `a[0], b := …` is an error, but `a` is still a use
                        } else if let local = local(named: target), local.scope == scopeStarts.count {
                            use(target)  // redeclared in the same scope: an assignment
                        } else {
                            declare(target)
                        }
                    }
                } else {
                    for target in t.list(node, slot: .a) { visit(target) }
                }
            case .valueSpec:
                visit(t.b(node))
                for value in t.list(node, slot: .c) { visit(value) }
                for name in t.list(node, slot: .a) { declare(name) }
            case .typeSpec:
                if let name = t.a(node) { declare(name) }
                visit(t.d(node))
            case .ifStmt, .switchStmt, .typeSwitchStmt, .forStmt, .selectStmt:
                push()
                t.forEachChild(node) { child in visit(child) }
                pop()
            case .rangeStmt:
                visit(t.c(node))
                push()
                if t.token(node) == .define {
                    declare(t.a(node) ?? node)
                    if let value = t.b(node) { declare(value) }
                } else {
                    visit(t.a(node))
                    visit(t.b(node))
                }
                visit(t.d(node))
                pop()
            case .caseClause, .commClause:
                push()
                t.forEachChild(node) { child in visit(child) }
                pop()
            case .labeledStmt:
                visit(t.b(node))  // labels live in their own namespace
            case .branchStmt:
                break
            case .field, .fieldList, .funcType:
                t.forEachChild(node) { child in
                    if t.kind(child) != .ident || t.kind(node) != .field { visit(child) }
                }
                if t.kind(node) == .field, let type = t.b(node), t.kind(type) == .ident { use(type) }
            default:
                t.forEachChild(node) { child in visit(child) }
            }
        }

        mutating func visitChildren(of block: Node?, asNewScope: Bool) {
            guard let block else { return }
            if asNewScope { push() }
            for statement in tree.list(block, slot: .a) { visit(statement) }
            if asNewScope { pop() }
        }

        /// Parameters and results are in scope in the body, not in the signature: in
        /// `func f(url string, v url.Values)` the second `url` is still the package. Type
        /// parameters are in scope in the whole signature.
        mutating func declareSignature(_ type: Node) {
            if let typeParams = tree.b(type) { declareFields(typeParams) }
            let lists = [tree.c(type), tree.d(type)]
            for case let list? in lists {
                for field in tree.list(list, slot: .b) { visit(tree.b(field)) }
            }
            for case let list? in lists {
                for field in tree.list(list, slot: .b) {
                    for name in tree.list(field, slot: .a) { declare(name) }
                }
            }
        }

        mutating func declareFields(_ list: Node) {
            for field in tree.list(list, slot: .b) {
                visit(tree.b(field))
                for name in tree.list(field, slot: .a) { declare(name) }
            }
        }
    }
}
