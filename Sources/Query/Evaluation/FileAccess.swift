#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which files the commands of a workspace may read and write.
///
/// An interactive session is the user's own and may touch any file the user can. A notebook
/// replayed by `cjnb run`, `check`, `export` or `open` may have come from someone else, so it is
/// confined: it reads and writes only inside its own folder (and reads the bundled datasets),
/// plus the folders the user allowed with `--allow`. Paths are compared after symbolic links
/// and `..` are resolved, so neither can step outside.
public struct FileAccess: Sendable, Equatable {
  public enum Mode: Sendable { case read, write }

  /// Folders reads and writes may reach, resolved; nil means anywhere.
  public private(set) var roots: [String]?
  /// Folders only reads may reach, resolved.
  public private(set) var readOnlyRoots: [String] = []
  /// How the rule is said in a refusal: "the notebook's folder /home/a/nb".
  public private(set) var rule: String = ""

  public static let unrestricted = FileAccess(roots: nil)

  init(roots: [String]?) { self.roots = roots }

  /// Confined to `folder` and `allowed`, reading also `readOnly` (the bundled datasets).
  public static func confined(
    to folder: String, allowing allowed: [String] = [], readOnly: [String] = []
  ) -> FileAccess {
    var access = FileAccess(roots: ([folder] + allowed).map(Self.resolved))
    access.readOnlyRoots = readOnly.map(Self.resolved)
    access.rule =
      "the notebook's folder \(Self.resolved(folder))"
      + (allowed.isEmpty ? "" : " and the folders allowed with --allow")
    return access
  }

  public var isConfined: Bool { roots != nil }

  /// Why `path` (already made absolute or relative to the working directory) may not be
  /// touched, or nil when it may.
  public func refusal(_ path: String, for mode: Mode) -> String? {
    guard let roots else { return nil }
    let candidates = Self.resolvedTargets(path, followingLink: true)
    let allowed = mode == .read ? roots + readOnlyRoots : roots
    let inside = candidates.allSatisfy { target in allowed.contains { Self.contains($0, target) } }
    if inside { return nil }
    if mode == .write
      && candidates.allSatisfy({ target in readOnlyRoots.contains { Self.contains($0, target) } })
    {
      return "a notebook may read the bundled datasets but not write there"
    }
    return "a notebook replayed from a file reads and writes only inside \(rule)"
  }

  /// A folder as it really is (links and `..` resolved), for telling whether two name the same.
  public static func resolvedFolder(_ path: String) -> String {
    resolved(path.isEmpty ? "." : path)
  }

  static func contains(_ root: String, _ path: String) -> Bool {
    root == "/" || path == root || path.hasPrefix(root + "/")
  }

  /// Where `path` really is: for a file that exists, its resolved path and, when it is a link,
  /// the place the link itself sits (replacing a file replaces the link); for one that does
  /// not yet, its resolved folder and its name.
  static func resolvedTargets(_ path: String, followingLink: Bool) -> [String] {
    let absolute = path.hasPrefix("/") ? path : (currentDirectory() + "/" + path)
    var info = stat()
    if lstat(absolute, &info) == 0 {
      let slash = absolute.lastIndex(of: "/") ?? absolute.startIndex
      let folder = resolved(String(absolute[..<slash]).isEmpty ? "/" : String(absolute[..<slash]))
      let name = String(absolute[absolute.index(after: slash)...])
      let place = folder == "/" ? "/" + name : folder + "/" + name
      if (info.st_mode & S_IFMT) == S_IFLNK { return [place, resolved(absolute)] }
      return [resolved(absolute)]
    }
    // Not there yet: its folder, resolved as far as it exists, and the rest of the path.
    let slash = absolute.lastIndex(of: "/") ?? absolute.startIndex
    let folder = String(absolute[..<slash])
    let name = String(absolute[absolute.index(after: slash)...])
    let base =
      folder.isEmpty ? "/" : resolvedTargets(folder, followingLink: true).last ?? lexical(folder)
    return [lexical(base + "/" + name)]
  }

  /// The path with links, `.` and `..` resolved (as far as it exists), and no trailing slash.
  static func resolved(_ path: String) -> String {
    if let real = realpath(path, nil) {
      defer { free(real) }
      return String(cString: real)
    }
    return lexical(path.hasPrefix("/") ? path : currentDirectory() + "/" + path)
  }

  /// `.` and `..` taken out without looking at the disk.
  static func lexical(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." || part.isEmpty { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
