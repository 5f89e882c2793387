import Testing

@testable import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Atomic files", .serialized)
struct AtomicFileTests {
  func folder(_ name: String) -> String {
    let path = "/tmp/cjnb-atomic-tests-\(getpid())-\(name)"
    mkdir(path, 0o755)
    for leftover in names(path) { unlink(path + "/" + leftover) }
    return path
  }

  func names(_ folder: String) -> [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let e = readdir(dir) {
      let name = withUnsafeBytes(of: e.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  func text(_ path: String) -> String {
    (try? FileBytes.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  @Test(arguments: [true, false])
  func aWriteLeavesOnlyTheTarget(unnamed: Bool) throws {
    let dir = folder("only-target-\(unnamed)")
    try AtomicFile.write(
      Array("one\n".utf8), to: dir + "/nb.md", failingAfter: nil, unnamed: unnamed)
    try AtomicFile.write(
      Array("two\n".utf8), to: dir + "/nb.md", failingAfter: nil, unnamed: unnamed)
    #expect(names(dir) == ["nb.md"])
    #expect(text(dir + "/nb.md") == "two\n")
  }

  @Test func nothingIsNamedBesideTheTargetWhileTheBytesAreWritten() throws {
    #if os(Linux)
      let dir = folder("unnamed")
      var seen: [String] = []
      try AtomicFile.write(
        Array("x\n".utf8), to: dir + "/nb.md", failingAfter: nil,
        beforePublishing: { seen = names(dir) })
      #expect(seen.isEmpty, "O_TMPFILE: a write killed before this point leaves nothing: \(seen)")
    #endif
  }

  @Test func leftoversOfAKilledWriteAreRemovedByTheNextWriteAndSaid() throws {
    let dir = folder("leftovers")
    try AtomicFile.write("old\n", to: dir + "/nb.md")
    // What a process killed mid-write leaves: a named temporary file, no longer locked.
    for suffix in ["Ab12Cd", "zz9ZZ9"] {
      try AtomicFile.write("partial", to: dir + "/nb.md.tmp-" + suffix)
    }
    try AtomicFile.write("other\n", to: dir + "/other.md.tmp-Qq1Qq1")
    let outcome = try AtomicFile.write("new\n", to: dir + "/nb.md")
    #expect(outcome.removedLeftovers == ["nb.md.tmp-Ab12Cd", "nb.md.tmp-zz9ZZ9"])
    #expect(
      outcome.note
        == "removed 2 temporary files left by an interrupted save or write: nb.md.tmp-Ab12Cd, nb.md.tmp-zz9ZZ9"
    )
    // Another target's leftover waits for a write to that target.
    #expect(names(dir) == ["nb.md", "other.md.tmp-Qq1Qq1"])
    #expect(text(dir + "/nb.md") == "new\n")
    #expect(try AtomicFile.write("again\n", to: dir + "/nb.md").note == nil)
  }

  @Test func aTemporaryFileStillBeingWrittenIsLeftAlone() throws {
    let dir = folder("live")
    let live = dir + "/nb.md.tmp-Live01"
    try AtomicFile.write("in progress", to: live)
    // The writer holds a lock on it for as long as it runs.
    let fd = open(live, O_RDONLY)
    defer { close(fd) }
    #expect(flock(fd, LOCK_EX) == 0)
    let outcome = try AtomicFile.write("new\n", to: dir + "/nb.md")
    #expect(outcome.removedLeftovers.isEmpty)
    #expect(names(dir).contains("nb.md.tmp-Live01"))
  }

  @Test func removingLeftoversFromAWholeFolder() throws {
    let dir = folder("whole")
    try AtomicFile.write("keep", to: dir + "/history")
    try AtomicFile.write("h", to: dir + "/history.tmp-aaaaaa")
    try AtomicFile.write("keep", to: dir + "/notes.tmp-short")
    #expect(AtomicFile.removeLeftovers(in: dir) == ["history.tmp-aaaaaa"])
    #expect(names(dir) == ["history", "notes.tmp-short"])
  }

  @Test(arguments: [true, false])
  func ofTwoWritersCreatingTheSameFileOnlyOneSucceeds(unnamed: Bool) throws {
    let dir = folder("create-race-\(unnamed)")
    let path = dir + "/nb.md"
    var other: Result<AtomicFile.Outcome, WriteError>?
    // The other session creates the file after this one checked and while it writes.
    let error = #expect(throws: WriteError.self) {
      try AtomicFile.write(
        Array("mine\n".utf8), to: path, mode: .create, failingAfter: nil,
        beforePublishing: {
          other = Result { () throws(WriteError) in
            try AtomicFile.write("theirs\n", to: path, mode: .create)
          }
        }, unnamed: unnamed)
    }
    #expect(error?.reason == .appeared)
    #expect(
      error?.description
        == "\(path): appeared while it was being written (another session or program created it); it was left as it is"
    )
    #expect((try? other?.get()) != nil)
    #expect(text(path) == "theirs\n")
    #expect(names(dir) == ["nb.md"])
  }

  @Test func createRefusesAFileThatIsThere() throws {
    let dir = folder("create-there")
    try AtomicFile.write("first\n", to: dir + "/nb.md", mode: .create)
    let error = #expect(throws: WriteError.self) {
      try AtomicFile.write("second\n", to: dir + "/nb.md", mode: .create)
    }
    #expect(error?.reason == .appeared)
    #expect(text(dir + "/nb.md") == "first\n")
  }

  @Test func replacingNoticesAChangeMadeSinceTheFileWasLastSeen() throws {
    let dir = folder("changed")
    let path = dir + "/nb.md"
    let stamp = try #require(try AtomicFile.write("mine\n", to: path).stamp)
    #expect(FileStamp.of(path) == stamp)
    // Unchanged: replaced, with a new stamp.
    let next = try #require(
      try AtomicFile.write("mine again\n", to: path, mode: .replaceIfUnchanged(stamp)).stamp)
    #expect(next != stamp)
    // Another session saves over it.
    try AtomicFile.write("theirs\n", to: path)
    let error = #expect(throws: WriteError.self) {
      try AtomicFile.write("mine, third\n", to: path, mode: .replaceIfUnchanged(next))
    }
    #expect(error?.reason == .changed)
    #expect(error?.message.hasPrefix("changed on disk since it was last read or saved") == true)
    #expect(text(path) == "theirs\n")
    #expect(names(dir) == ["nb.md"])
  }

  @Test func anEditInPlaceIsAChangeToo() throws {
    let dir = folder("in-place")
    let path = dir + "/nb.md"
    let stamp = try #require(try AtomicFile.write("mine\n", to: path).stamp)
    // An editor that writes into the same file: same inode, another size.
    let fd = open(path, O_WRONLY | O_APPEND)
    _ = Array("more\n".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    #expect(throws: WriteError.self) {
      try AtomicFile.write("mine\n", to: path, mode: .replaceIfUnchanged(stamp))
    }
    #expect(text(path) == "mine\nmore\n")
  }

  @Test func temporaryNames() {
    #expect(AtomicFile.isTemporaryName("nb.md.tmp-Ab12Cd", of: "nb.md"))
    #expect(!AtomicFile.isTemporaryName("nb.md.tmp-Ab12Cd", of: "b.md"))
    #expect(!AtomicFile.isTemporaryName("nb.md.tmp-Ab12C", of: "nb.md"))
    #expect(!AtomicFile.isTemporaryName("nb.md.tmp-Ab12C!", of: nil))
    #expect(AtomicFile.isTemporaryName("history.tmp-000000", of: nil))
    #expect(!AtomicFile.isTemporaryName(".tmp-000000", of: nil))
  }
}
