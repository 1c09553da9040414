#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GoSyntax

/// Numbers the distinct identifier names of one file 0, 1, 2 … by hashing each identifier's
/// bytes where they lie: no string is made, so resolving scopes costs array lookups instead
/// of string hashing for each of a function's identifiers.
///
/// A value: a resolver copies the package level's numbers and adds its function's names to
/// its own copy (no class, so no dynamic exclusivity checks on every lookup).
struct NameNumbers {
    private let tree: SyntaxTree
    /// Open addressing: a name's number plus one, or 0 for an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 256)
    /// The names' bytes, one after another; name `n` ends at `ends[n]`.
    private var spellings: [UInt8] = []
    private var ends: [Int] = []

    /// The number of blank identifiers (`_`, and those the parser made up for missing names):
    /// they declare nothing and refer to nothing.
    static let blank: Int32 = -1

    var count: Int { ends.count }

    init(_ tree: SyntaxTree) {
        self.tree = tree
    }

    mutating func number(of ident: Node) -> Int32 {
        if tree.flag(ident) { return NameNumbers.blank }
        let range = tree.range(ident)
        return tree.source.bytes.withUnsafeBufferPointer { number(ofBytes: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The number of a name given as text (an import's default name).
    mutating func number(ofName name: String) -> Int32 {
        var name = name
        return name.withUTF8 { number(ofBytes: $0) }
    }

    private mutating func number(ofBytes name: UnsafeBufferPointer<UInt8>) -> Int32 {
        if name.count == 1 && name[0] == UInt8(ascii: "_") { return NameNumbers.blank }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in name { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let number = Int(slots[slot] - 1)
            let start = number == 0 ? 0 : ends[number - 1]
            if ends[number] - start == name.count && spellings.withUnsafeBufferPointer({
                memcmp($0.baseAddress! + start, name.baseAddress!, name.count) == 0
            }) {
                return Int32(number)
            }
            slot = (slot + 1) & mask
        }
        let number = Int32(ends.count)
        spellings.append(contentsOf: name)
        ends.append(spellings.count)
        slots[slot] = number + 1
        if ends.count * 2 > slots.count { rehash() }
        return number
    }

    /// Doubles the table and places every name again, in order (so each keeps its number).
    private mutating func rehash() {
        let names = spellings, nameEnds = ends
        slots = Array(repeating: 0, count: slots.count * 2)
        spellings = []
        ends = []
        names.withUnsafeBufferPointer { bytes in
            var start = 0
            for end in nameEnds {
                _ = number(ofBytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
        }
    }
}
