#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads Go's traceback text: `/debug/pprof/goroutine?debug=2`, `runtime.Stack(buf, true)`,
/// panics, SIGQUIT dumps and `go test` timeouts, also when embedded in logs (each line behind
/// the same prefix or indentation), with CRLF line ends, or with tabs turned into spaces.
///
/// Every header variant is read: wait minutes, `locked to thread`, `gp=… m=…`, ` (leaked)`,
/// ` (durable)`, `synctest bubble N`, labels after the brackets (or `labels:{…}` inside them);
/// every frame variant: arguments, `+0x…`, `fp= sp= pc=`, `...N frames elided...` and
/// `...additional frames elided...`, `created by … in goroutine N`, ancestor blocks, and
/// `goroutine running on other thread; stack unavailable`. Lines that belong to no goroutine
/// (panic messages, register dumps, test output) are skipped.
struct TracebackParser {
    enum Expecting { case outside, stack, frameFile, creatorFile, ancestorStack, ancestorFile, ancestorCreatorFile }

    private(set) var goroutine = RawGoroutine()
    /// Arguments are kept only when grouping compares them (`Similarity.exact`).
    var keepArguments = true
    private var expecting = Expecting.outside
    private var prefix: [UInt8] = []
    private var pendingFunction = 0..<0
    private var pendingArguments = 0..<0
    // ancestor block being read
    private var ancestorID = 0
    private var ancestorFrames: [Frame] = []
    private var ancestorCreator: Frame?
    private var pendingAncestorFunction = ""

    private(set) var goroutineCount = 0
    private(set) var skippedLines = 0
    private(set) var endedInsideGoroutine = false

    /// Feeds one line; calls `emit` for each goroutine that is complete.
    mutating func consume(_ line: UnsafeBufferPointer<UInt8>, _ emit: (inout RawGoroutine) -> Void) {
        if expecting == .outside {
            startIfHeader(line)
            return
        }
        // inside a goroutine: every line carries the header's prefix
        guard line.count >= prefix.count, prefixMatches(line) else {
            finish(emit)
            startIfHeader(line)
            return
        }
        let body = UnsafeBufferPointer(rebasing: line[prefix.count...])
        if isBlank(body) {
            finish(emit)
            return
        }
        switch expecting {
        case .frameFile, .creatorFile, .ancestorFile, .ancestorCreatorFile:
            guard let (file, number) = TracebackParser.fileLine(body) else {
                skippedLines += 1
                finish(emit)
                startIfHeader(line)
                return
            }
            attachFile(file, number, body)
        case .stack, .ancestorStack:
            if body.starts(with: TracebackParser.goroutineWord), TracebackParser.header(body) != nil {
                finish(emit)
                startIfHeader(line)
                return
            }
            readStackLine(body, emit: emit, line: line)
        case .outside:
            break
        }
    }

    /// Ends the input: emits the goroutine being read, if any.
    mutating func finishInput(_ emit: (inout RawGoroutine) -> Void) {
        if expecting == .frameFile || expecting == .creatorFile { endedInsideGoroutine = true }
        if expecting != .outside { finish(emit) }
    }

    // MARK: - Stack lines

    private mutating func readStackLine(_ body: UnsafeBufferPointer<UInt8>, emit: (inout RawGoroutine) -> Void,
                                        line: UnsafeBufferPointer<UInt8>) {
        let trimmed = TracebackParser.trimLeadingSpace(body)
        if trimmed.starts(with: TracebackParser.createdBy) {
            var name = UnsafeBufferPointer(rebasing: trimmed[TracebackParser.createdBy.count...])
            if let at = TracebackParser.find(TracebackParser.inGoroutine, in: name) {
                let parent = TracebackParser.number(UnsafeBufferPointer(rebasing: name[(at + TracebackParser.inGoroutine.count)...]))
                name = UnsafeBufferPointer(rebasing: name[..<at])
                if expecting == .stack { goroutine.parentID = parent }
            }
            if expecting == .ancestorStack {
                pendingAncestorFunction = String(decoding: name, as: UTF8.self)
                expecting = .ancestorCreatorFile
            } else {
                goroutine.arena.append(0xFE)  // the creator follows
                pendingFunction = goroutine.store(name)
                goroutine.arena.append(0x01)
                pendingArguments = pendingFunction.upperBound..<pendingFunction.upperBound
                expecting = .creatorFile
            }
            return
        }
        if trimmed.starts(with: TracebackParser.elisionStart) {
            // `...additional frames elided...` (Go ≤ 1.20) or `...N frames elided...` (Go ≥ 1.21)
            let count = TracebackParser.number(UnsafeBufferPointer(rebasing: trimmed[3...]))
            if expecting == .stack { goroutine.elidedFrames = count.map { saturatingAdd(goroutine.elidedFrames, $0) } ?? -1 }
            return
        }
        if trimmed.starts(with: TracebackParser.unavailable) {
            goroutine.flags.insert(.stackUnavailable)
            return
        }
        if trimmed.starts(with: TracebackParser.originating) {
            finishAncestor()
            ancestorID = TracebackParser.number(UnsafeBufferPointer(rebasing: trimmed[TracebackParser.originating.count...])) ?? 0
            expecting = .ancestorStack
            return
        }
        guard let (function, arguments) = TracebackParser.functionCall(body) else {
            skippedLines += 1
            finish(emit)
            startIfHeader(line)
            return
        }
        if expecting == .ancestorStack {
            pendingAncestorFunction = String(decoding: function, as: UTF8.self)
            expecting = .ancestorFile
        } else {
            pendingFunction = goroutine.store(function)
            goroutine.arena.append(0x01)
            pendingArguments = keepArguments ? goroutine.store(arguments) : pendingFunction.upperBound..<pendingFunction.upperBound
            expecting = .frameFile
        }
    }

    private mutating func attachFile(_ file: UnsafeBufferPointer<UInt8>, _ number: Int, _ body: UnsafeBufferPointer<UInt8>) {
        switch expecting {
        case .frameFile:
            let fileRange = goroutine.store(file)
            goroutine.appendLineMark(number)
            goroutine.frames.append(RawGoroutine.RawFrame(function: pendingFunction, arguments: pendingArguments, file: fileRange, line: number))
            expecting = .stack
        case .creatorFile:
            let fileRange = goroutine.store(file)
            goroutine.appendLineMark(number)
            goroutine.createdBy = RawGoroutine.RawFrame(function: pendingFunction, arguments: pendingArguments, file: fileRange, line: number)
            expecting = .stack
        case .ancestorFile:
            ancestorFrames.append(Frame(function: pendingAncestorFunction, file: String(decoding: file, as: UTF8.self), line: number))
            expecting = .ancestorStack
        case .ancestorCreatorFile:
            ancestorCreator = Frame(function: pendingAncestorFunction, file: String(decoding: file, as: UTF8.self), line: number)
            expecting = .ancestorStack
        default:
            break
        }
    }

    private mutating func finishAncestor() {
        guard expecting == .ancestorStack || expecting == .ancestorFile || expecting == .ancestorCreatorFile else { return }
        goroutine.ancestors.append(Goroutine.Ancestor(id: ancestorID, frames: ancestorFrames, createdBy: ancestorCreator))
        ancestorFrames = []
        ancestorCreator = nil
    }

    private mutating func finish(_ emit: (inout RawGoroutine) -> Void) {
        finishAncestor()
        if expecting == .frameFile || expecting == .creatorFile { skippedLines += 1 }
        expecting = .outside
        goroutineCount += 1
        emit(&goroutine)
    }

    // MARK: - Headers

    private mutating func startIfHeader(_ line: UnsafeBufferPointer<UInt8>) {
        guard let at = TracebackParser.find(TracebackParser.goroutineWord, in: line) else {
            skippedLines += line.isEmpty ? 0 : 1
            return
        }
        let body = UnsafeBufferPointer(rebasing: line[at...])
        guard let header = TracebackParser.header(body) else {
            skippedLines += 1
            return
        }
        prefix = Array(line[..<at])
        goroutine.reset()
        goroutine.id = header.id
        goroutine.state = goroutine.store(header.state)
        goroutine.arena.append(0x00)
        goroutine.arenaIsSignature = !keepArguments
        goroutine.waitMinutes = header.minutes
        goroutine.flags = header.flags
        goroutine.labels = header.labels
        expecting = .stack
    }

    struct Header {
        var id: Int
        var state: UnsafeBufferPointer<UInt8>
        var minutes: Int?
        var flags: GoroutineFlags
        var labels: [String: String]
    }

    /// `goroutine 18 [chan send, 3 minutes, locked to thread]:` and its variants.
    static func header(_ line: UnsafeBufferPointer<UInt8>) -> Header? {
        guard line.starts(with: goroutineWord) else { return nil }
        var index = goroutineWord.count
        var id = 0
        let digitsStart = index
        while index < line.count, line[index] >= 0x30, line[index] <= 0x39 {
            id = min(id &* 10 &+ Int(line[index] - 0x30), 1 << 62)
            index += 1
        }
        guard index > digitsStart, index < line.count, line[index] == 0x20 else { return nil }
        // skip ` gp=0x… m=… mp=0x…` up to the bracket
        guard let open = line[index...].firstIndex(of: UInt8(ascii: "[")),
              let close = line.lastIndex(of: UInt8(ascii: "]")), close > open,
              line.last == UInt8(ascii: ":") else { return nil }
        var header = Header(id: id, state: UnsafeBufferPointer(rebasing: line[(open + 1)..<close]), minutes: nil, flags: [], labels: [:])
        // items after the status: `, N minutes`, `, locked to thread`, `, synctest bubble N`, `labels:{…}`
        let inside = UnsafeBufferPointer(rebasing: line[(open + 1)..<close])
        var state = inside
        var itemStart = -1
        var depth = 0
        var cursor = 0
        func readItem(_ item: UnsafeBufferPointer<UInt8>) {
            if item.starts(with: lockedWords) {
                header.flags.insert(.locked)
            } else if item.starts(with: labelsWord) {
                header.labels = labels(UnsafeBufferPointer(rebasing: item[7...]))
            } else if find(minuteWord, in: item) != nil, let minutes = number(item) {
                header.minutes = minutes
            }
        }
        while cursor < inside.count {
            let byte = inside[cursor]
            if byte == UInt8(ascii: "{") { depth += 1 } else if byte == UInt8(ascii: "}") { depth -= 1 }
            if depth == 0 && byte == UInt8(ascii: ",") && cursor + 1 < inside.count && inside[cursor + 1] == 0x20 {
                if itemStart < 0 {
                    state = UnsafeBufferPointer(rebasing: inside[..<cursor])
                } else {
                    readItem(UnsafeBufferPointer(rebasing: inside[itemStart..<cursor]))
                }
                itemStart = cursor + 2
                cursor += 2
                continue
            }
            cursor += 1
        }
        if itemStart >= 0 { readItem(UnsafeBufferPointer(rebasing: inside[itemStart...])) }
        // markers at the end of the status
        while true {
            if endsWith(state, leakedMark) {
                header.flags.insert(.leaked)
                state = UnsafeBufferPointer(rebasing: state[..<(state.count - leakedMark.count)])
            } else if endsWith(state, scanMark) {
                state = UnsafeBufferPointer(rebasing: state[..<(state.count - scanMark.count)])
            } else {
                break
            }
        }
        if endsWith(state, durableMark) { header.flags.insert(.durable) }
        header.state = state
        // labels after the brackets: ` {key: value, …}`
        let after = UnsafeBufferPointer(rebasing: line[(close + 1)..<(line.count - 1)])
        let trimmed = trimLeadingSpace(after)
        if trimmed.first == UInt8(ascii: "{") { header.labels = labels(trimmed) }
        return header
    }

    /// `{key: value, "quoted key": "quoted value"}`
    static func labels(_ text: UnsafeBufferPointer<UInt8>) -> [String: String] {
        var body = String(decoding: text, as: UTF8.self)
        if body.hasPrefix("{") { body.removeFirst() }
        if body.hasSuffix("}") { body.removeLast() }
        var result: [String: String] = [:]
        for pair in body.split(separator: ",") {
            guard let colon = pair.firstIndex(of: ":") else { continue }
            let key = unquote(String(pair[..<colon]))
            let value = unquote(String(pair[pair.index(after: colon)...]))
            if !key.isEmpty { result[key] = value }
        }
        return result
    }

    private static func unquote(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: " ")
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return trimmed }
        return String(trimmed.dropFirst().dropLast()).split(separator: "\\", omittingEmptySubsequences: false).joined()
    }

    // MARK: - Frames

    /// `pkg.F(0x1, 0x2)` → (`pkg.F`, `0x1, 0x2`); `panic({0x…})` and `pkg.F[...](...)` too.
    static func functionCall(_ line: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>)? {
        guard line.last == UInt8(ascii: ")"), let open = line.lastIndex(of: UInt8(ascii: "(")), open > 0 else { return nil }
        let first = line[0]
        guard first != 0x20 && first != 0x09 else { return nil }
        return (UnsafeBufferPointer(rebasing: line[..<open]), UnsafeBufferPointer(rebasing: line[(open + 1)..<(line.count - 1)]))
    }

    /// `\t/path/file.go:123 +0x1d` (or indented with spaces; `fp= sp= pc=` may follow) → (path, 123).
    /// The line number is the last `:digits` that ends the line or is followed by a space.
    static func fileLine(_ line: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, Int)? {
        guard let first = line.first, first == 0x09 || first == 0x20 else { return nil }
        let text = trimLeadingSpace(line)
        if let fast = fileLineFromTheEnd(text) { return fast }
        var found: (colon: Int, number: Int)?
        var index = 0
        let count = text.count
        while index < count {
            if text[index] == UInt8(ascii: ":") {
                var cursor = index + 1
                var number = 0
                while cursor < count, text[cursor] >= 0x30, text[cursor] <= 0x39 {
                    number = min(number &* 10 &+ Int(text[cursor] - 0x30), 1 << 40)
                    cursor += 1
                }
                if cursor > index + 1 && (cursor == count || text[cursor] == 0x20) {
                    found = (index, number)
                    // what follows a line number is ` +0x…` or ` fp=…`, never another path
                    if cursor == count || (cursor + 1 < count && (text[cursor + 1] == UInt8(ascii: "+") || text[cursor + 1] == UInt8(ascii: "f") || text[cursor + 1] == UInt8(ascii: "p"))) {
                        break
                    }
                }
                index = cursor
                continue
            }
            index += 1
        }
        guard let found, found.colon > 0 else { return nil }
        return (UnsafeBufferPointer(rebasing: text[..<found.colon]), found.number)
    }

    /// The common case, read backwards: `path:123`, then at most ` +0x…` and ` fp=… sp=… pc=…`.
    @inline(__always)
    static func fileLineFromTheEnd(_ text: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, Int)? {
        var end = text.count
        // drop trailing ` +0x1d`, ` fp=0x…`, ` sp=0x…`, ` pc=0x…` words
        while end > 0 {
            var space = end - 1
            while space > 0 && text[space] != 0x20 { space -= 1 }
            guard space > 0, space + 1 < end else { break }
            let word = text[space + 1]
            let isSuffix = (word == UInt8(ascii: "+") && space + 3 < end && text[space + 2] == UInt8(ascii: "0"))
                || ((word == UInt8(ascii: "f") || word == UInt8(ascii: "s") || word == UInt8(ascii: "p")) && space + 3 < end && text[space + 3] == UInt8(ascii: "="))
            guard isSuffix else { break }
            end = space
        }
        var digitsStart = end
        while digitsStart > 0 && text[digitsStart - 1] >= 0x30 && text[digitsStart - 1] <= 0x39 { digitsStart -= 1 }
        guard digitsStart < end, digitsStart > 1, text[digitsStart - 1] == UInt8(ascii: ":"), end - digitsStart <= 9 else { return nil }
        var number = 0
        for index in digitsStart..<end { number = number * 10 + Int(text[index] - 0x30) }
        return (UnsafeBufferPointer(rebasing: text[..<(digitsStart - 1)]), number)
    }

    // MARK: - Bytes

    static let goroutineWord = Array("goroutine ".utf8)
    static let createdBy = Array("created by ".utf8)
    static let inGoroutine = Array(" in goroutine ".utf8)
    static let elisionStart = Array("...".utf8)
    static let unavailable = Array("goroutine running on other thread".utf8)
    static let originating = Array("[originating from goroutine ".utf8)
    static let plusHex = Array(" +0x".utf8)
    static let framePointer = Array(" fp=".utf8)
    static let programCounter = Array(" pc=".utf8)
    static let leakedMark = Array(" (leaked)".utf8)
    static let scanMark = Array(" (scan)".utf8)
    static let durableMark = Array(" (durable)".utf8)
    static let lockedWords = Array("locked to thread".utf8)
    static let labelsWord = Array("labels:".utf8)
    static let minuteWord = Array(" minute".utf8)

    @inline(__always)
    private func prefixMatches(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if prefix.isEmpty { return true }
        for index in 0..<prefix.count where line[index] != prefix[index] {
            // tabs may have turned into spaces in a pasted dump
            let a = line[index], b = prefix[index]
            if !((a == 0x20 || a == 0x09) && (b == 0x20 || b == 0x09)) { return false }
        }
        return true
    }

    private func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    static func trimLeadingSpace(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        while start < line.count && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        return UnsafeBufferPointer(rebasing: line[start...])
    }

    static func endsWith(_ text: UnsafeBufferPointer<UInt8>, _ suffix: [UInt8]) -> Bool {
        text.count >= suffix.count && text[(text.count - suffix.count)...].elementsEqual(suffix)
    }

    /// The first decimal number in `text`.
    static func number(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let start = text.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var value = 0
        var index = start
        while index < text.count, text[index] >= 0x30, text[index] <= 0x39 {
            value = min(value &* 10 &+ Int(text[index] - 0x30), 1 << 40)
            index += 1
        }
        return value
    }

    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// A byte-prefix test without the generic sequence machinery.
    @inline(__always)
    func starts(with prefix: [UInt8]) -> Bool {
        guard count >= prefix.count, let base = baseAddress else { return prefix.isEmpty }
        return prefix.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, prefix.count) == 0 }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
