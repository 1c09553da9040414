import GoSyntax

/// A file's imports: the local name each package is known by (`time`, an alias, `.` or `_`).
public struct Imports: Sendable {
    /// Import path → local names.
    public let namesByPath: [String: [String]]

    public init(_ tree: SyntaxTree) {
        var names: [String: [String]] = [:]
        for spec in tree.nodes(of: .importSpec) {
            guard let pathNode = tree.b(spec) else { continue }
            let literal = tree.literalValue(pathNode)
            guard literal.count >= 2 else { continue }
            let path = String(literal.dropFirst().dropLast())
            let local = tree.a(spec).map { tree.name($0) } ?? Imports.defaultName(path)
            names[path, default: []].append(local)
        }
        namesByPath = names
    }

    /// The name a package is used by when imported without an alias: the last path element
    /// (without a major-version suffix like `/v2`).
    static func defaultName(_ path: String) -> String {
        // on the path's bytes: this runs for every import of every file with channels
        let bytes = Array(path.utf8)
        let slash = UInt8(ascii: "/")
        var end = bytes.count
        var start = (bytes.lastIndex(of: slash) ?? -1) + 1
        let last = bytes[start..<end]
        if last.count >= 2, last.first == UInt8(ascii: "v"), last.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
           start > 0, let previous = bytes[..<(start - 1)].lastIndex(of: slash).map({ $0 + 1 }) ?? (start > 1 ? 0 : nil) {
            end = start - 1
            start = previous
        }
        if let dot = bytes[start..<end].firstIndex(of: UInt8(ascii: ".")), dot > start { end = dot }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    public func imports(_ path: String) -> Bool { namesByPath[path] != nil }

    /// Whether `name` refers to the package at `path` in this file.
    public func name(_ name: String, refersTo path: String) -> Bool {
        namesByPath[path]?.contains(name) ?? false
    }
}
