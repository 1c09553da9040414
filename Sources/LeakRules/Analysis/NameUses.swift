import GoSyntax

/// The uses of a name a function declares, found without resolving the function's scopes:
/// the identifiers spelled like it from the end of its declaration to the end of its scope.
/// That is exact when nothing in that stretch declares the name again. When something does (a
/// shadowing `:=`, a literal's parameter, a redeclaration, a struct field of that name), it
/// gives up with nil and the caller resolves scopes. Resolving is the costly part of following
/// a channel through a large function, and most names are never declared twice.
enum NameUses {
    /// The uses of `name`, declared by `statement` (a `:=` assignment or a `var` spec).
    static func uses(of name: Node, declaredBy statement: Node, in file: FileContext) -> [Node]? {
        let tree = file.tree, parents = file.parents
        // `a, a := …` names it twice in one statement (an error, but the second is a use)
        for other in tree.list(statement, slot: .a) where other != name && tree.hasSameText(other, as: name) { return nil }
        var scope = statement
        repeat {
            guard let enclosing = parents.parent(of: scope) else { return nil }
            scope = enclosing
        } while !opensScope(tree.kind(scope))
        return uses(of: name, from: tree.end(statement), in: scope, file: file)
    }

    /// The uses of `name` in `scope` from offset `start` on: a parameter's in its function.
    static func uses(of name: Node, from start: Int, in scope: Node, file: FileContext) -> [Node]? {
        let tree = file.tree, parents = file.parents
        // error recovery can leave identifiers where scopes do not look
        guard tree.errors.isEmpty else { return nil }
        guard !tree.hasText(name, "_") else { return [] }
        var found: [Node] = []
        let scopeRange = tree.range(scope)
        for ident in file.identifiers.identifiers(named: tree.name(name), startingIn: max(start, scopeRange.lowerBound)..<max(start, scopeRange.upperBound), of: tree) {
            guard ident != name, tree.start(ident) >= start, let parent = parents.parent(of: ident) else { continue }
            switch role(of: ident, in: parent, tree: tree) {
            case .use: found.append(ident)
            case .label: continue
            case .declaration: return nil
            }
        }
        return found
    }

    /// The nodes that open a scope, as `Scopes` opens them.
    private static func opensScope(_ kind: NodeKind) -> Bool {
        switch kind {
        case .blockStmt, .ifStmt, .switchStmt, .typeSwitchStmt, .forStmt, .rangeStmt, .selectStmt,
             .caseClause, .commClause, .funcLit, .funcDecl: return true
        default: return false
        }
    }

    private enum Role { case use, label, declaration }

    /// What an identifier is to its parent, as `Scopes` reads it: a declaration (or a name
    /// that is not a variable's but is not told apart here: field and method names), a label
    /// or a selected name (no variable at all), or a use.
    private static func role(of ident: Node, in parent: Node, tree: SyntaxTree) -> Role {
        switch tree.kind(parent) {
        case .assignStmt:
            return tree.token(parent) == .define && tree.list(parent, slot: .a).contains(ident) ? .declaration : .use
        case .valueSpec:
            return tree.list(parent, slot: .a).contains(ident) ? .declaration : .use
        case .rangeStmt:
            return tree.token(parent) == .define && (tree.a(parent) == ident || tree.b(parent) == ident) ? .declaration : .use
        case .field:
            return tree.list(parent, slot: .a).contains(ident) ? .declaration : .use
        case .typeSpec:
            return tree.a(parent) == ident ? .declaration : .use
        case .selectorExpr:
            return tree.b(parent) == ident ? .label : .use
        case .labeledStmt:
            return tree.a(parent) == ident ? .label : .use
        case .branchStmt:
            return .label
        default:
            return .use
        }
    }
}
