/// A canonical, line-per-node outline of a file's syntax tree: node kind (go/ast's name),
/// start and end as line:col, and the node's own details, children indented in go/ast.Walk
/// order, then the comments. `tools/goastdump` prints the same outline from go/parser, so
/// the two parsers can be compared file by file.
public enum ASTOutline {
    /// `maxIndent`: levels indented at most; a deeper node is written at that indent after
    /// `[depth N] ` (an outline of a file nested 100,000 deep would otherwise be gigabytes of
    /// spaces). No real file nests that deep, so the differential test never sees the mark.
    public static func render(_ tree: SyntaxTree, maxIndent: Int = .max) -> String {
        var lines: [String] = []
        lines.reserveCapacity(tree.nodeCount + tree.comments.count)
        var stack: [(Node, Int)] = [(tree.root, 0)]
        while let (node, depth) = stack.popLast() {
            var line = depth <= maxIndent ? String(repeating: "  ", count: depth)
                : String(repeating: "  ", count: maxIndent) + "[depth \(depth)] "
            line += kindName(tree, node)
            line += " " + position(tree, tree.start(node)) + " " + position(tree, tree.end(node))
            let details = self.details(tree, node)
            if !details.isEmpty { line += " " + details }
            lines.append(line)
            for child in tree.children(node).reversed() { stack.append((child, depth + 1)) }
        }
        for comment in tree.comments {
            var text = Array(tree.source.bytes[comment.start..<comment.end])
            text.removeAll { $0 == UInt8(ascii: "\r") }
            lines.append("Comment " + position(tree, comment.start) + " " + position(tree, comment.start + text.count) + " " + escape(text))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func position(_ tree: SyntaxTree, _ offset: Int) -> String {
        offset >= 0 ? tree.source.position(of: offset).description : "-"
    }

    /// Printable ASCII as is, every other byte as \xHH (the same scheme as tools/goastdump).
    static func escape<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var result = ""
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16)
                result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    private static func flag(_ name: String, _ present: Bool) -> String { "\(name)=\(present ? 1 : 0)" }

    private static func kindName(_ tree: SyntaxTree, _ node: Node) -> String {
        switch tree.kind(node) {
        case .badExpr: return "BadExpr"
        case .ident: return "Ident"
        case .basicLit: return "BasicLit"
        case .compositeLit: return "CompositeLit"
        case .funcLit: return "FuncLit"
        case .parenExpr: return "ParenExpr"
        case .selectorExpr: return "SelectorExpr"
        case .indexExpr: return tree.list(node, slot: .c).count == 1 ? "IndexExpr" : "IndexListExpr"
        case .sliceExpr: return "SliceExpr"
        case .typeAssertExpr: return "TypeAssertExpr"
        case .callExpr: return "CallExpr"
        case .starExpr: return "StarExpr"
        case .unaryExpr: return "UnaryExpr"
        case .binaryExpr: return "BinaryExpr"
        case .keyValueExpr: return "KeyValueExpr"
        case .ellipsis: return "Ellipsis"
        case .arrayType: return "ArrayType"
        case .structType: return "StructType"
        case .funcType: return "FuncType"
        case .interfaceType: return "InterfaceType"
        case .mapType: return "MapType"
        case .chanType: return "ChanType"
        case .field: return "Field"
        case .fieldList: return "FieldList"
        case .badStmt: return "BadStmt"
        case .declStmt: return "DeclStmt"
        case .emptyStmt: return "EmptyStmt"
        case .labeledStmt: return "LabeledStmt"
        case .exprStmt: return "ExprStmt"
        case .sendStmt: return "SendStmt"
        case .incDecStmt: return "IncDecStmt"
        case .assignStmt: return "AssignStmt"
        case .goStmt: return "GoStmt"
        case .deferStmt: return "DeferStmt"
        case .returnStmt: return "ReturnStmt"
        case .branchStmt: return "BranchStmt"
        case .blockStmt: return "BlockStmt"
        case .ifStmt: return "IfStmt"
        case .caseClause: return "CaseClause"
        case .switchStmt: return "SwitchStmt"
        case .typeSwitchStmt: return "TypeSwitchStmt"
        case .commClause: return "CommClause"
        case .selectStmt: return "SelectStmt"
        case .forStmt: return "ForStmt"
        case .rangeStmt: return "RangeStmt"
        case .importSpec: return "ImportSpec"
        case .valueSpec: return "ValueSpec"
        case .typeSpec: return "TypeSpec"
        case .badDecl: return "BadDecl"
        case .genDecl: return "GenDecl"
        case .funcDecl: return "FuncDecl"
        case .file: return "File"
        }
    }

    private static func details(_ tree: SyntaxTree, _ node: Node) -> String {
        let t = tree
        switch t.kind(node) {
        case .ident:
            return t.name(node)
        case .basicLit:
            let kind: String
            switch t.literalKind(node) {
            case .int: kind = "INT"
            case .float: kind = "FLOAT"
            case .imag: kind = "IMAG"
            case .char: kind = "CHAR"
            case .string: kind = "STRING"
            }
            return kind + " " + escape(t.literalValue(node).utf8)
        case .field:
            return "names=\(t.list(node, slot: .a).count) " + flag("tag", t.c(node) != nil)
        case .funcType:
            return flag("tparams", t.b(node) != nil) + " " + flag("results", t.d(node) != nil)
        case .compositeLit:
            return flag("type", t.a(node) != nil)
        case .sliceExpr:
            return [flag("low", t.c(node) != nil), flag("high", t.d(node) != nil),
                    flag("max", t.e(node) != nil), flag("slice3", t.flag(node))].joined(separator: " ")
        case .typeAssertExpr:
            return flag("type", t.c(node) != nil)
        case .callExpr:
            return flag("ellipsis", t.offset(node, slot: .d) != nil)
        case .unaryExpr, .binaryExpr, .incDecStmt, .assignStmt, .branchStmt, .genDecl:
            return t.token(node).text
        case .ellipsis:
            return flag("elt", t.a(node) != nil)
        case .arrayType:
            return flag("len", t.a(node) != nil)
        case .chanType:
            switch t.chanDirection(node) {
            case .both: return "both"
            case .send: return "send"
            case .receive: return "recv"
            }
        case .emptyStmt:
            return flag("implicit", t.flag(node))
        case .ifStmt:
            return flag("init", t.a(node) != nil) + " " + flag("else", t.d(node) != nil)
        case .caseClause:
            return flag("default", t.flag(node))
        case .switchStmt:
            return flag("init", t.a(node) != nil) + " " + flag("tag", t.b(node) != nil)
        case .typeSwitchStmt:
            return flag("init", t.a(node) != nil)
        case .commClause:
            return flag("default", t.a(node) == nil)
        case .forStmt:
            return [flag("init", t.a(node) != nil), flag("cond", t.b(node) != nil), flag("post", t.c(node) != nil)].joined(separator: " ")
        case .rangeStmt:
            return [t.token(node).text, flag("key", t.a(node) != nil), flag("value", t.b(node) != nil)].joined(separator: " ")
        case .importSpec:
            return flag("name", t.a(node) != nil)
        case .valueSpec:
            return "names=\(t.list(node, slot: .a).count) " + flag("type", t.b(node) != nil) + " values=\(t.list(node, slot: .c).count)"
        case .typeSpec:
            return flag("tparams", t.b(node) != nil) + " " + flag("assign", t.offset(node, slot: .c) != nil)
        case .funcDecl:
            return flag("recv", t.a(node) != nil) + " " + flag("body", t.d(node) != nil)
        default:
            return ""
        }
    }
}
