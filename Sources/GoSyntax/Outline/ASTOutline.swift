/// A canonical, line-per-node outline of a file's syntax tree: node kind, start and end as
/// line:col, and the node's own details, children indented in go/ast.Walk order, then the
/// comments. `tools/goastdump` prints the same outline from go/parser, so the two parsers can
/// be compared file by file.
public struct ASTOutline {
    private let source: SourceFile
    private var lines: [String] = []
    private var depth = 0

    public static func render(_ file: File, source: SourceFile) -> String {
        DeepStack.run {
            var outline = ASTOutline(source: source)
            outline.file(file)
            return outline.lines.joined(separator: "\n") + "\n"
        }
    }

    private init(source: SourceFile) {
        self.source = source
    }

    // MARK: - Output

    private mutating func node(_ kind: String, _ start: Int, _ end: Int, _ details: String = "", children: (inout ASTOutline) -> Void = { _ in }) {
        var line = String(repeating: "  ", count: depth) + kind + " " + position(start) + " " + position(end)
        if !details.isEmpty { line += " " + details }
        lines.append(line)
        depth += 1
        children(&self)
        depth -= 1
    }

    private func position(_ offset: Int) -> String {
        guard offset >= 0 else { return "-" }
        return source.position(of: offset).description
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

    // MARK: - Nodes

    private mutating func file(_ file: File) {
        node("File", file.packagePos, file.decls.last?.end ?? file.name.end) { outline in
            outline.ident(file.name)
            for decl in file.decls { outline.decl(decl) }
        }
        for comment in file.comments {
            var text = Array(source.bytes[comment.start..<comment.end])
            text.removeAll { $0 == UInt8(ascii: "\r") }
            lines.append("Comment " + position(comment.start) + " " + position(comment.start + text.count) + " " + ASTOutline.escape(text))
        }
    }

    private mutating func ident(_ ident: Ident) {
        node("Ident", ident.start, ident.end, ident.name)
    }

    private mutating func basicLit(_ literal: BasicLit) {
        let kind: String
        switch literal.kind {
        case .int: kind = "INT"
        case .float: kind = "FLOAT"
        case .imag: kind = "IMAG"
        case .char: kind = "CHAR"
        case .string: kind = "STRING"
        }
        node("BasicLit", literal.start, literal.end, kind + " " + ASTOutline.escape(literal.value.utf8))
    }

    private mutating func fieldList(_ list: FieldList) {
        node("FieldList", list.start, list.end) { outline in
            for field in list.list {
                outline.node("Field", field.start, field.end, "names=\(field.names.count) " + ASTOutline.flag("tag", field.tag != nil)) { outline in
                    for name in field.names { outline.ident(name) }
                    if let type = field.type { outline.expr(type) }
                    if let tag = field.tag { outline.basicLit(tag) }
                }
            }
        }
    }

    private mutating func funcType(_ type: FuncType) {
        let details = ASTOutline.flag("tparams", type.typeParams != nil) + " " + ASTOutline.flag("results", type.results != nil)
        node("FuncType", type.start, type.end, details) { outline in
            if let typeParams = type.typeParams { outline.fieldList(typeParams) }
            outline.fieldList(type.params)
            if let results = type.results { outline.fieldList(results) }
        }
    }

    private mutating func block(_ block: BlockStmt) {
        node("BlockStmt", block.lbrace, block.end) { outline in
            for stmt in block.list { outline.stmt(stmt) }
        }
    }

    private mutating func exprs(_ list: [Expr]) {
        for x in list { expr(x) }
    }

    private mutating func expr(_ x: Expr) {
        let start = x.start
        let end = x.end
        switch x {
        case .bad:
            node("BadExpr", start, end)
        case .ident(let ident):
            self.ident(ident)
        case .basicLit(let literal):
            basicLit(literal)
        case .compositeLit(let literal):
            node("CompositeLit", start, end, ASTOutline.flag("type", literal.type != nil)) { outline in
                if let type = literal.type { outline.expr(type) }
                outline.exprs(literal.elts)
            }
        case .funcLit(let literal):
            node("FuncLit", start, end) { outline in
                outline.funcType(literal.type)
                outline.block(literal.body)
            }
        case .paren(let paren):
            node("ParenExpr", start, end) { $0.expr(paren.x) }
        case .selector(let selector):
            node("SelectorExpr", start, end) { outline in
                outline.expr(selector.x)
                outline.ident(selector.sel)
            }
        case .index(let index):
            node(index.indices.count == 1 ? "IndexExpr" : "IndexListExpr", start, end) { outline in
                outline.expr(index.x)
                outline.exprs(index.indices)
            }
        case .slice(let slice):
            let details = [ASTOutline.flag("low", slice.low != nil), ASTOutline.flag("high", slice.high != nil),
                           ASTOutline.flag("max", slice.max != nil), ASTOutline.flag("slice3", slice.slice3)].joined(separator: " ")
            node("SliceExpr", start, end, details) { outline in
                outline.expr(slice.x)
                if let low = slice.low { outline.expr(low) }
                if let high = slice.high { outline.expr(high) }
                if let max = slice.max { outline.expr(max) }
            }
        case .typeAssert(let assert):
            node("TypeAssertExpr", start, end, ASTOutline.flag("type", assert.type != nil)) { outline in
                outline.expr(assert.x)
                if let type = assert.type { outline.expr(type) }
            }
        case .call(let call):
            node("CallExpr", start, end, ASTOutline.flag("ellipsis", call.ellipsis != noPos)) { outline in
                outline.expr(call.fun)
                outline.exprs(call.args)
            }
        case .star(let star):
            node("StarExpr", start, end) { $0.expr(star.x) }
        case .unary(let unary):
            node("UnaryExpr", start, end, unary.op.text) { $0.expr(unary.x) }
        case .binary(let binary):
            node("BinaryExpr", start, end, binary.op.text) { outline in
                outline.expr(binary.x)
                outline.expr(binary.y)
            }
        case .keyValue(let pair):
            node("KeyValueExpr", start, end) { outline in
                outline.expr(pair.key)
                outline.expr(pair.value)
            }
        case .ellipsis(let ellipsis):
            node("Ellipsis", start, end, ASTOutline.flag("elt", ellipsis.elt != nil)) { outline in
                if let elt = ellipsis.elt { outline.expr(elt) }
            }
        case .arrayType(let array):
            node("ArrayType", start, end, ASTOutline.flag("len", array.len != nil)) { outline in
                if let length = array.len { outline.expr(length) }
                outline.expr(array.elt)
            }
        case .structType(let type):
            node("StructType", start, end) { $0.fieldList(type.fields) }
        case .funcType(let type):
            funcType(type)
        case .interfaceType(let type):
            node("InterfaceType", start, end) { $0.fieldList(type.methods) }
        case .mapType(let type):
            node("MapType", start, end) { outline in
                outline.expr(type.key)
                outline.expr(type.value)
            }
        case .chanType(let type):
            let direction: String
            switch type.dir {
            case .both: direction = "both"
            case .send: direction = "send"
            case .receive: direction = "recv"
            }
            node("ChanType", start, end, direction) { $0.expr(type.value) }
        }
    }

    private mutating func stmt(_ s: Stmt) {
        let start = s.start
        let end = s.end
        switch s {
        case .bad:
            node("BadStmt", start, end)
        case .decl(let decl):
            node("DeclStmt", start, end) { $0.genDecl(decl.decl) }
        case .empty(let empty):
            node("EmptyStmt", start, end, ASTOutline.flag("implicit", empty.implicit))
        case .labeled(let labeled):
            node("LabeledStmt", start, end) { outline in
                outline.ident(labeled.label)
                outline.stmt(labeled.stmt)
            }
        case .expr(let expr):
            node("ExprStmt", start, end) { $0.expr(expr.x) }
        case .send(let send):
            node("SendStmt", start, end) { outline in
                outline.expr(send.chan)
                outline.expr(send.value)
            }
        case .incDec(let incDec):
            node("IncDecStmt", start, end, incDec.tok.text) { $0.expr(incDec.x) }
        case .assign(let assign):
            node("AssignStmt", start, end, assign.tok.text) { outline in
                outline.exprs(assign.lhs)
                outline.exprs(assign.rhs)
            }
        case .go(let go):
            node("GoStmt", start, end) { $0.expr(.call(go.call)) }
        case .defer(let deferStmt):
            node("DeferStmt", start, end) { $0.expr(.call(deferStmt.call)) }
        case .return(let returnStmt):
            node("ReturnStmt", start, end) { $0.exprs(returnStmt.results) }
        case .branch(let branch):
            node("BranchStmt", start, end, branch.tok.text) { outline in
                if let label = branch.label { outline.ident(label) }
            }
        case .block(let block):
            self.block(block)
        case .if(let ifStmt):
            let details = ASTOutline.flag("init", ifStmt.initStmt != nil) + " " + ASTOutline.flag("else", ifStmt.elseStmt != nil)
            node("IfStmt", start, end, details) { outline in
                if let initStmt = ifStmt.initStmt { outline.stmt(initStmt) }
                outline.expr(ifStmt.cond)
                outline.block(ifStmt.body)
                if let elseStmt = ifStmt.elseStmt { outline.stmt(elseStmt) }
            }
        case .caseClause(let clause):
            node("CaseClause", start, end, ASTOutline.flag("default", clause.list == nil)) { outline in
                outline.exprs(clause.list ?? [])
                for stmt in clause.body { outline.stmt(stmt) }
            }
        case .switch(let switchStmt):
            let details = ASTOutline.flag("init", switchStmt.initStmt != nil) + " " + ASTOutline.flag("tag", switchStmt.tag != nil)
            node("SwitchStmt", start, end, details) { outline in
                if let initStmt = switchStmt.initStmt { outline.stmt(initStmt) }
                if let tag = switchStmt.tag { outline.expr(tag) }
                outline.block(switchStmt.body)
            }
        case .typeSwitch(let switchStmt):
            node("TypeSwitchStmt", start, end, ASTOutline.flag("init", switchStmt.initStmt != nil)) { outline in
                if let initStmt = switchStmt.initStmt { outline.stmt(initStmt) }
                outline.stmt(switchStmt.assign)
                outline.block(switchStmt.body)
            }
        case .commClause(let clause):
            node("CommClause", start, end, ASTOutline.flag("default", clause.comm == nil)) { outline in
                if let comm = clause.comm { outline.stmt(comm) }
                for stmt in clause.body { outline.stmt(stmt) }
            }
        case .select(let select):
            node("SelectStmt", start, end) { $0.block(select.body) }
        case .for(let forStmt):
            let details = [ASTOutline.flag("init", forStmt.initStmt != nil), ASTOutline.flag("cond", forStmt.cond != nil),
                           ASTOutline.flag("post", forStmt.post != nil)].joined(separator: " ")
            node("ForStmt", start, end, details) { outline in
                if let initStmt = forStmt.initStmt { outline.stmt(initStmt) }
                if let cond = forStmt.cond { outline.expr(cond) }
                if let post = forStmt.post { outline.stmt(post) }
                outline.block(forStmt.body)
            }
        case .range(let range):
            let details = [range.tok.text, ASTOutline.flag("key", range.key != nil), ASTOutline.flag("value", range.value != nil)].joined(separator: " ")
            node("RangeStmt", start, end, details) { outline in
                if let key = range.key { outline.expr(key) }
                if let value = range.value { outline.expr(value) }
                outline.expr(range.x)
                outline.block(range.body)
            }
        }
    }

    private mutating func genDecl(_ decl: GenDecl) {
        node("GenDecl", decl.tokPos, decl.end, decl.tok.text) { outline in
            for spec in decl.specs { outline.spec(spec) }
        }
    }

    private mutating func spec(_ spec: Spec) {
        switch spec {
        case .import(let importSpec):
            node("ImportSpec", spec.start, spec.end, ASTOutline.flag("name", importSpec.name != nil)) { outline in
                if let name = importSpec.name { outline.ident(name) }
                outline.basicLit(importSpec.path)
            }
        case .value(let value):
            let details = "names=\(value.names.count) " + ASTOutline.flag("type", value.type != nil) + " values=\(value.values.count)"
            node("ValueSpec", spec.start, spec.end, details) { outline in
                for name in value.names { outline.ident(name) }
                if let type = value.type { outline.expr(type) }
                outline.exprs(value.values)
            }
        case .type(let type):
            let details = ASTOutline.flag("tparams", type.typeParams != nil) + " " + ASTOutline.flag("assign", type.assign != noPos)
            node("TypeSpec", spec.start, spec.end, details) { outline in
                outline.ident(type.name)
                if let typeParams = type.typeParams { outline.fieldList(typeParams) }
                outline.expr(type.type)
            }
        }
    }

    private mutating func decl(_ decl: Decl) {
        switch decl {
        case .bad(let bad):
            node("BadDecl", bad.start, bad.end)
        case .gen(let gen):
            genDecl(gen)
        case .fn(let fn):
            let details = ASTOutline.flag("recv", fn.recv != nil) + " " + ASTOutline.flag("body", fn.body != nil)
            node("FuncDecl", decl.start, decl.end, details) { outline in
                if let recv = fn.recv { outline.fieldList(recv) }
                outline.ident(fn.name)
                outline.funcType(fn.type)
                if let body = fn.body { outline.block(body) }
            }
        }
    }
}
