#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Append-only storage of plain values in one malloc'd block that grows with realloc. The
/// parser appends millions of nodes and list items: a Swift array checks that its storage
/// is uniquely referenced on every append, this does not, and when parsing ends the block
/// is handed to the tree as it is, without a copy. Whoever holds it last calls `deallocate()`.
struct FlatBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = FlatBuffer.allocate(self.capacity)
    }

    init(_ elements: [Element]) {
        self.init(capacity: elements.count)
        for element in elements { append(element) }
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        guard let raw = malloc(capacity * MemoryLayout<Element>.stride) else { fatalError("out of memory") }
        return raw.bindMemory(to: Element.self, capacity: capacity)
    }

    @inline(__always) mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(__always) mutating func append(_ elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, !elements.isEmpty else { return }
        if count + elements.count > capacity { grow(to: count + elements.count) }
        (base + count).update(from: source, count: elements.count)
        count += elements.count
    }

    /// Makes room for `additional` more elements, so that `appendUnchecked` may follow.
    @inline(__always) mutating func reserve(_ additional: Int) {
        if count + additional > capacity { grow(to: count + additional) }
    }

    /// Appends within the room `reserve` made: no capacity check.
    @inline(__always) mutating func appendUnchecked(_ element: Element) {
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow(to minimum: Int) {
        capacity = max(minimum, capacity * 2)
        guard let raw = realloc(base, capacity * MemoryLayout<Element>.stride) else { fatalError("out of memory") }
        base = raw.bindMemory(to: Element.self, capacity: capacity)
    }

    @inline(__always) subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// The elements, valid until `deallocate()`.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func deallocate() { free(base) }
}
