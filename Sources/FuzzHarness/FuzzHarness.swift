import Foundation
import Notebook
import Query
import Rendering
import Tables

/// What each fuzz target feeds its reader, shared by the libFuzzer executables in `Fuzz/Targets`
/// and by the tests that replay the committed corpus (`Tests/FuzzTests`).
///
/// A harness returns normally for any input the reader accepts or rejects with its own error; a
/// crash, a failed precondition, an address-sanitizer report or a broken invariant checked here
/// (`fail`) is a defect. See docs/reliability.md.
public enum FuzzHarness {
  /// The targets by name: the name of the executable, and of its folders under `Fuzz/Corpus` and
  /// `Fuzz/Crashes`.
  public static let targets: [(name: String, run: @Sendable ([UInt8]) -> Void)] = [
    ("FuzzCSV", csv),
    ("FuzzWorkbook", workbook),
    ("FuzzWorkbookXML", workbookXML),
    ("FuzzScript", script),
    ("FuzzNotebook", notebook),
  ]

  public static func run(_ name: String, _ input: [UInt8]) {
    guard let target = targets.first(where: { $0.name == name }) else {
      fatalError("no fuzz target \(name)")
    }
    target.run(input)
  }

  /// A broken invariant: stops the run so that libFuzzer saves the input.
  static func fail(_ message: String) -> Never {
    fatalError("fuzz invariant: \(message)")
  }

  // MARK: - CSV

  /// The CSV/TSV reader on the bytes as a file. The same bytes are read again cut into stretches
  /// of a few bytes, as a large file is cut for the cores, and again leniently: cutting must not
  /// change the table or the error.
  public static func csv(_ input: [UInt8]) {
    let whole = csvOutcome(input, CSVOptions())
    var cut = CSVOptions()
    cut.minimumChunkBytes = 16
    cut.maximumChunks = 4
    let pieces = csvOutcome(input, cut)
    if whole != pieces {
      fail("reading in stretches changed the result:\n\(whole)\n---\n\(pieces)")
    }
    _ = csvOutcome(input, CSVOptions(lenient: true))
  }

  static func csvOutcome(_ input: [UInt8], _ options: CSVOptions) -> String {
    do {
      let result = try CSVReader.read(bytes: input, name: "fuzz.csv", options: options)
      let table = result.table
      let types = table.columns.map { "\($0.data)".prefix(while: { $0 != "(" }) }.joined(
        separator: ",")
      return "rows \(table.rowCount) types \(types) header \(result.headerLine)\n"
        + TableWriter.csv(table)
    } catch {
      return "error: \(error.description)"
    }
  }

  // MARK: - Workbooks

  /// The workbook readers on the bytes as an .xlsx file and as an .ods file: every sheet as
  /// CSV text, then read, and read as a published table (its layout recognised).
  public static func workbook(_ input: [UInt8]) {
    let path = scratchFile("fuzz.xlsx", input)
    if let book = try? Workbook(path: path) {
      for sheet in book.sheets.prefix(8) {
        guard let text = try? book.text(of: sheet), !text.bytes.isEmpty else { continue }
        _ = try? CSVReader.read(bytes: text.bytes, name: path)
        _ = try? Workbook.read(path: path, sheet: sheet.name)
      }
    }
    let odsPath = scratchFile("fuzz.ods", input)
    if let document = try? OpenDocument(path: odsPath) {
      for sheet in document.sheets.prefix(8) {
        _ = try? OpenDocument.read(path: odsPath, sheet: sheet)
      }
    }
  }

  /// The workbook reader on XML parts the input gives, packed into a valid .xlsx, so that
  /// mutations reach the XML rather than die in the zip layer. The input is up to four parts
  /// separated by NUL bytes: the worksheet, the shared strings, the styles, and the workbook
  /// (`xl/workbook.xml`); a part left out, or empty, is a small valid one.
  public static func workbookXML(_ input: [UInt8]) {
    let parts = input.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map(
      Array.init)
    func part(_ i: Int, _ fallback: String) -> [UInt8] {
      i < parts.count && !parts[i].isEmpty ? parts[i] : Array(fallback.utf8)
    }
    let files: [(String, [UInt8])] = [
      ("[Content_Types].xml", Array(XLSX.contentTypes.utf8)),
      ("_rels/.rels", Array(XLSX.rootRelationships.utf8)),
      ("xl/_rels/workbook.xml.rels", Array(XLSX.workbookRelationships.utf8)),
      ("xl/workbook.xml", part(3, XLSX.workbook)),
      ("xl/worksheets/sheet1.xml", part(0, XLSX.sheet)),
      ("xl/sharedStrings.xml", part(1, XLSX.sharedStrings)),
      ("xl/styles.xml", part(2, XLSX.styles)),
    ]
    workbook(StoredZip.archive(files))
    // The first part as an OpenDocument spreadsheet's content.xml.
    workbook(
      StoredZip.archive([
        ("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8)),
        ("content.xml", part(0, ODS.content)),
      ]))
  }

  /// A file under /dev/shm (or the temporary folder) holding `bytes`, rewritten on each call; one
  /// per process, since the readers take a path.
  static func scratchFile(_ name: String, _ bytes: [UInt8]) -> String {
    let folder =
      FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = "\(folder)/cjnb-\(getpid())-\(name)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  // MARK: - The language

  /// The lexer and parser on the text as a script, and the diagnostic of a script that does not
  /// parse drawn as a session draws it (narrow and wide, Unicode and ASCII).
  public static func script(_ input: [UInt8]) {
    let source = String(decoding: input, as: UTF8.self)
    do {
      let commands = try Parser.parseScript(source)
      for command in commands {
        let bytes = Array(source.utf8)
        guard command.range.lower <= command.range.upper, command.range.upper <= bytes.count else {
          fail("command range \(command.range) outside the script of \(bytes.count) bytes")
        }
      }
    } catch {
      for options in [RenderOptions(width: 24, ascii: true), RenderOptions(width: 80)] {
        _ = DiagnosticRenderer.render(error, source: source, file: "fuzz.cjnb", options: options)
      }
    }
    _ = StatementSplitter.split(source)
  }

  // MARK: - Notebooks

  /// The notebook reader on the bytes as a Markdown notebook, as `cjnb check` and `cjnb open`
  /// read one: parse, write back, parse again (writing what was read must give the same
  /// notebook), and each cell's source through the parser.
  public static func notebook(_ input: [UInt8]) {
    guard let text = String(validating: input, as: UTF8.self) else { return }
    guard let document = try? NotebookFormat.parse(text, path: "fuzz.md") else { return }
    let written = NotebookFormat.write(document)
    let again: NotebookDocument
    do {
      again = try NotebookFormat.parse(written, path: "fuzz.md")
    } catch {
      fail("a notebook written from one read does not read: \(error)")
    }
    if again != document {
      fail("writing a notebook and reading it again changed it")
    }
    for cell in document.cells.prefix(64) {
      do {
        _ = try Parser.parseScript(cell.source)
      } catch {
        _ = DiagnosticRenderer.render(error, source: cell.source, file: "fuzz.md")
      }
    }
  }
}
