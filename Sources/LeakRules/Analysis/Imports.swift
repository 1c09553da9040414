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
        // on UTF-8 bytes rather than Characters: this runs for every import of a file with channels
        let elements = path.utf8.split(separator: UInt8(ascii: "/"))
        guard var last = elements.last else { return path }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if last.count >= 2, last.first == UInt8(ascii: "v"), last.dropFirst().allSatisfy(isDigit), elements.count >= 2 {
            last = elements[elements.count - 2]
        }
        let name = last.split(separator: UInt8(ascii: ".")).first ?? last
        return String(decoding: name, as: UTF8.self)
    }

    public func imports(_ path: String) -> Bool { namesByPath[path] != nil }

    /// Whether `name` refers to the package at `path` in this file.
    public func name(_ name: String, refersTo path: String) -> Bool {
        namesByPath[path]?.contains(name) ?? false
    }
}
