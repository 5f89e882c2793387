import Foundation
import ZIPFoundation

/// An Office Open XML package (.xlsx, .docx) made in memory from its parts, for `AtomicFile` to
/// put in place whole. The same parts give the same bytes on any machine: every entry carries one
/// fixed date and is stored, not deflated (zlib and zlib-ng compress the same bytes differently),
/// so that a notebook's check compares a file it writes byte for byte.
public enum ZipPackage {
  /// A fixed modification time for every entry (2020-01-01 00:00 UTC).
  static let stamp = Date(timeIntervalSince1970: 1_577_836_800)

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The package's bytes, with the parts in the order given (`[Content_Types].xml` first, as
  /// Office writes it).
  public static func bytes(_ parts: [(path: String, bytes: [UInt8])]) throws(Failure) -> [UInt8] {
    do {
      let archive = try Archive(data: Data(), accessMode: .create)
      for part in parts {
        let data = Data(part.bytes)
        try archive.addEntry(
          with: part.path, type: .file, uncompressedSize: Int64(data.count),
          modificationDate: stamp,
          compressionMethod: .none
        ) { position, size in
          data.subdata(in: Int(position)..<Int(position) + size)
        }
      }
      guard let data = archive.data else {
        throw Failure(description: "the package could not be made")
      }
      return [UInt8](data)
    } catch let failure as Failure {
      throw failure
    } catch {
      throw Failure(description: "the package could not be made: \(error)")
    }
  }
}
