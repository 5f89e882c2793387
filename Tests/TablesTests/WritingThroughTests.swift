import Testing

@testable import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `write ... to PATH replace` on what is not a plain file: a link is followed, a FIFO or a
/// device is written into; neither is replaced by a regular file.
@Suite("Writing through links, FIFOs and devices", .serialized)
struct WritingThroughTests {
  func folder(_ name: String) -> String {
    let path = "/tmp/cjnb-through-tests-\(getpid())-\(name)"
    mkdir(path, 0o755)
    for leftover in ["target.csv", "link.csv", "dangling.csv", "fifo", "real"] {
      unlink(path + "/" + leftover)
    }
    rmdir(path + "/real")
    return path
  }

  func text(_ path: String) -> String {
    (try? FileBytes.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  func isLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
  }

  @Test(arguments: [true, false])
  func replacingThroughALinkReplacesTheFileItPointsTo(unnamed: Bool) throws {
    let dir = folder("link-\(unnamed)")
    mkdir(dir + "/real", 0o755)
    try AtomicFile.write("old\n", to: dir + "/real/target.csv", mode: .create)
    #expect(symlink("real/target.csv", dir + "/link.csv") == 0)
    let stamp = try #require(FileStamp.of(dir + "/link.csv"))
    try AtomicFile.write(
      Array("new\n".utf8), to: dir + "/link.csv", mode: .replaceIfUnchanged(stamp),
      failingAfter: nil, unnamed: unnamed)
    #expect(isLink(dir + "/link.csv"))
    #expect(text(dir + "/real/target.csv") == "new\n")
    try AtomicFile.write("newer\n", to: dir + "/link.csv", mode: .replace)
    #expect(isLink(dir + "/link.csv") && text(dir + "/link.csv") == "newer\n")
    unlink(dir + "/real/target.csv")
    rmdir(dir + "/real")
    unlink(dir + "/link.csv")
  }

  @Test func aLinkToNothingIsRefused() throws {
    let dir = folder("dangling")
    #expect(symlink("nowhere/target.csv", dir + "/dangling.csv") == 0)
    #expect(throws: WriteError.self) {
      try AtomicFile.write("x\n", to: dir + "/dangling.csv", mode: .replace)
    }
    #expect(isLink(dir + "/dangling.csv"))
    unlink(dir + "/dangling.csv")
  }

  @Test func aFIFOIsWrittenIntoNotReplaced() throws {
    let dir = folder("fifo")
    #expect(mkfifo(dir + "/fifo", 0o600) == 0)
    // A reader first, so that opening it to write does not wait.
    let reader = open(dir + "/fifo", O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    try AtomicFile.write("area,value\nFife,3\n", to: dir + "/fifo", mode: .replace)
    var buffer = [UInt8](repeating: 0, count: 64)
    let n = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
    #expect(String(decoding: buffer.prefix(max(0, n)), as: UTF8.self) == "area,value\nFife,3\n")
    var info = stat()
    #expect(lstat(dir + "/fifo", &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    unlink(dir + "/fifo")
  }

  /// As root, renaming over /dev/null would replace the device with a file.
  @Test func aDeviceIsWrittenIntoNotReplaced() throws {
    try AtomicFile.write("x\n", to: "/dev/null", mode: .replace)
    var info = stat()
    #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
  }
}
