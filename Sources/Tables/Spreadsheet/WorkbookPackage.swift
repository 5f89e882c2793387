import Foundation
import ZIPFoundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The package: the parts of the zip and the relationships between them.
extension Workbook {
  /// The relationships of `part`: id to the part it points at and the kind of that part.
  static func relationships(_ archive: Archive, part: String, path: String) throws(FileError)
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

  static func extract(_ archive: Archive, _ part: String, path: String) throws(FileError) -> [UInt8]
  {
    guard let entry = archive[part] else {
      throw FileError(
        .unreadable, path: path, message: "is missing \(part), which its workbook names",
        hint: "the workbook is damaged: open and save it again in Excel")
    }
    let tooLarge = FileError(
      .tooLarge, path: path,
      message:
        "has a part \(part) that unpacks to more than \(Limits.partBytes >> 20) MB, the most cjnb unpacks from a workbook",
      hint: "save the sheet as CSV and load that")
    guard entry.uncompressedSize <= UInt64(Limits.partBytes) else { throw tooLarge }
    struct Overflow: Error {}
    var bytes: [UInt8] = []
    do {
      // The size in the zip's directory can lie: count what actually arrives.
      _ = try archive.extract(entry, skipCRC32: false) { (data: Data) in
        guard bytes.count + data.count <= Limits.partBytes else { throw Overflow() }
        bytes.append(contentsOf: data)
      }
    } catch is Overflow {
      throw tooLarge
    } catch {
      throw FileError(
        .unreadable, path: path, message: "cannot unpack \(part) (\(error))",
        hint: "the workbook is damaged: open and save it again in Excel")
    }
    return bytes
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
