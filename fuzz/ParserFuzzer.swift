// libFuzzer entry point: scans and parses arbitrary bytes as a Go file and renders the
// outline (which resolves every position and walks every node). Any crash, hang or sanitizer
// report is a bug. Built and run by scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let source = SourceFile(path: "fuzz.go", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let tree = Parser.parse(source)
    _ = ASTOutline.render(tree)
    return 0
}
