import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The package: the parts of the zip and the relationships between them.
extension Workbook {
  /// The relationships of `part`: id to the part it points at and the kind of that part.
  static func relationships(_ archive: ZipArchive, part: String, path: String) throws(FileError)
    -> [String: (part: String, type: String)]
  {
    let folder = part.split(separator: "/").dropLast().joined(separator: "/")
    let file = part.split(separator: "/").last.map(String.init) ?? part
    let relsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
    guard archive[relsPart] != nil else { return [:] }
    var scanner = XMLScanner(try extract(archive, relsPart, path: path))
    var result: [String: (part: String, type: String)] = [:]
    do {
      while let event = try scanner.next() {
        guard case .start(let name, let attributes, _) = event,
          XMLScanner.localName(name) == "Relationship",
          let id = attributes["Id"], let target = attributes["Target"],
          attributes["TargetMode"] != "External"
        else { continue }
        let type = attributes["Type"].map { String($0.split(separator: "/").last ?? "") } ?? ""
        result[id] = (resolve(target, from: folder), type)
      }
    } catch {
      throw damaged(path, relsPart, error)
    }
    return result
  }

  /// `worksheets/sheet1.xml` from `xl` is `xl/worksheets/sheet1.xml`; `/xl/...` is absolute.
  static func resolve(_ target: String, from folder: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts = folder.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
      if piece == ".." {
        if !parts.isEmpty { parts.removeLast() }
      } else if piece != "." {
        parts.append(String(piece))
      }
    }
    return parts.joined(separator: "/")
  }

  static func extract(_ archive: ZipArchive, _ part: String, path: String) throws(FileError)
    -> [UInt8]
  {
    guard let member = archive[part] else {
      throw FileError(
        .unreadable, path: path, message: "is missing \(part), which its workbook names",
        hint: "the workbook is damaged: open and save it again in Excel")
    }
    do {
      return try archive.unpack(member, limit: Limits.partBytes)
    } catch {
      switch error {
      case .tooLarge:
        throw FileError(
          .tooLarge, path: path,
          message:
            "has a part \(part) that unpacks to more than \(Limits.partBytes >> 20) MB, the most cjnb unpacks from a workbook",
          hint: "save the sheet as CSV and load that")
      case .damaged(let problem):
        throw FileError(
          .unreadable, path: path, message: "has a damaged part \(part): its data \(problem)",
          hint: "open and save it again where it was made, or save the sheet as CSV")
      }
    }
  }

  /// Opens the zip package in `file`, saying what kind of file `kind` names it is not
  /// ("an .xlsx workbook") and where it was made ("Excel") when it cannot be opened.
  static func openPackage(
    _ file: UnsafeBufferPointer<UInt8>, path: String, kind: String, notZipHint: String,
    maker: String
  ) throws(FileError) -> ZipArchive {
    do {
      return try ZipArchive(Array(file))
    } catch {
      switch error {
      case .notZip:
        throw FileError(
          .unreadable, path: path, message: "is not \(kind) (it is not a zip package)",
          hint: notZipHint)
      case .damaged(let problem):
        throw FileError(
          .unreadable, path: path, message: "is a damaged zip package (\(problem))",
          hint: "open and save it again in \(maker), or save the sheet as CSV")
      }
    }
  }

  static func damaged(_ path: String, _ part: String, _ error: any Error) -> FileError {
    if let error = error as? FileError { return error }
    let detail =
      (error as? XMLScanner.Malformed).map { "\($0.message) at byte \($0.offset)" } ?? "\(error)"
    return FileError(
      .unreadable, path: path, message: "has a damaged \(part): \(detail)",
      hint: "open and save it again in Excel, or save the sheet as CSV")
  }
}
