import FuzzHarness

/// libFuzzer's entry point (built with -sanitize=fuzzer, which supplies main): see
/// FuzzHarness.notebook and docs/reliability.md.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzHarness.run(
    "FuzzNotebook", data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
  return 0
}
