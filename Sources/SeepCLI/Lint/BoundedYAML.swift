import Foundation
import Yams

/// YAML read within limits. A `.seep.yml` is found by walking up from the files being linted,
/// so in CI it can come from an untrusted pull request: a file of thousands of nested `[`
/// would overflow the stack of a recursive parser, and a few lines of aliases to aliases
/// (a "billion laughs") expand to billions of nodes. The text is capped in size, parsed on a
/// thread whose stack holds any nesting that size allows, and its nodes are counted, aliases
/// expanded, before anything is built from them.
enum BoundedYAML {
    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    /// A configuration is a few lines; this is room for thousands of settings.
    static let maxBytes = 256 << 10
    /// Nodes after aliases are expanded.
    static let maxNodes = 100_000
    static let maxDepth = 64

    /// The document's value (`[String: Any]`, `[Any]`, `String`, `Bool`, numbers), nil when empty.
    static func load(_ text: String) throws -> Any? {
        guard text.utf8.count <= maxBytes else {
            throw Refused(description: "\(text.utf8.count >> 10) KiB is over the \(maxBytes >> 10) KiB a configuration may have")
        }
        guard flowDepth(text) <= maxDepth else { throw Refused(description: "nested more than \(maxDepth) levels deep") }
        let outcome = OnLargeStack.run { @Sendable () -> Result<Any?, Error> in
            Result {
                guard let node = try Yams.compose(yaml: text) else { return nil }
                var budget = maxNodes
                try count(node, depth: 1, budget: &budget)
                return Constructor.default.any(from: node)
            }
        }
        return try outcome.get()
    }

    /// The deepest nesting of `[` and `{` outside quotes and comments: deep flow nesting is
    /// refused at once, before a parser spends seconds on it (block nesting needs a line a level).
    static func flowDepth(_ text: String) -> Int {
        var depth = 0, deepest = 0
        var quote: UInt8?
        var comment = false
        var previous: UInt8 = UInt8(ascii: "\n")
        for byte in text.utf8 {
            defer { previous = byte }
            if comment {
                comment = byte != UInt8(ascii: "\n")
                continue
            }
            if let open = quote {
                if byte == open && !(open == UInt8(ascii: "\"") && previous == UInt8(ascii: "\\")) { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#") where previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\n") || previous == UInt8(ascii: "\t"):
                comment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default:
                break
            }
        }
        return deepest
    }

    private static func count(_ node: Node, depth: Int, budget: inout Int) throws {
        guard depth <= maxDepth else { throw Refused(description: "nested more than \(maxDepth) levels deep") }
        budget -= 1
        guard budget >= 0 else {
            throw Refused(description: "more than \(maxNodes) values once its aliases are expanded")
        }
        switch node {
        case .scalar: break
        case .sequence(let sequence):
            for item in sequence { try count(item, depth: depth + 1, budget: &budget) }
        case .mapping(let mapping):
            for (key, value) in mapping {
                try count(key, depth: depth + 1, budget: &budget)
                try count(value, depth: depth + 1, budget: &budget)
            }
        }
    }
}

/// Runs work on a thread with a stack large enough for a recursive parser on nesting as
/// deep as a bounded input can hold (reserved address space; only what is used is touched).
enum OnLargeStack {
    static let stackBytes = 1 << 30

    static func run<T>(_ work: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = work()
            done.signal()
        }
        thread.stackSize = stackBytes
        thread.start()
        done.wait()
        return box.value!
    }

    /// Written by the thread before it signals, read after the wait: never at once.
    private final class ResultBox<T>: @unchecked Sendable {
        var value: T?
    }
}
