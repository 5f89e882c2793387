import FuzzHarness

/// libFuzzer's entry point (built with -sanitize=fuzzer, which supplies main): see
/// FuzzHarness.script and docs/reliability.md.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzHarness.run(
    "FuzzScript", data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
  return 0
}
