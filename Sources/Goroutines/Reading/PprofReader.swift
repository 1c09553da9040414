/// Reads the pprof protobuf goroutine profile (debug=0). Placeholder until the generated
/// swift-protobuf code lands: it recognizes the format and says it cannot read it yet.
enum PprofReader {
    static let maxCompressedSize = 64 << 20

    static func looksLikeProfile(_ head: [UInt8]) -> Bool { false }

    static func read(_ bytes: [UInt8], name: String, similarity: Similarity) throws -> Snapshot {
        throw DumpReader.Failure("\(name): pprof protobuf profiles are not read yet; ask for debug=2 (seep does this for URLs)")
    }
}
