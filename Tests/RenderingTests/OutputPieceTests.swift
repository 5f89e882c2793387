import Query
import Rendering
import Tables
import Testing

/// What each piece of a command's output is, which batch use sends to its stream.
@Suite("Output pieces: results, status, warnings")
struct OutputPieceTests {
  let t = table("area,value\nFife,3\nAngus,4\n")

  func warned() -> Frame {
    var frame = Frame(table: t)
    frame.notes = [Note("source: a test"), Note.warning("the figures add up different measures")]
    return frame
  }

  @Test func statusAndTextAreToldApart() {
    let pieces = OutputRenderer.pieces(
      CommandOutput([.status("loaded t: 2 rows × 2 columns"), .text("NI4 ...")]), options: .plain)
    #expect(
      pieces == [
        OutputPiece(.status, "loaded t: 2 rows × 2 columns"), OutputPiece(.result, "NI4 ..."),
      ])
  }

  @Test func aTableShowsItsWarningAndSaysItDoes() {
    let pieces = OutputRenderer.pieces(warned(), options: .plain)
    #expect(pieces.count == 2)
    #expect(
      pieces[0].kind == .result
        && pieces[0].text.contains("  warning: the figures add up different measures"))
    #expect(
      pieces[1]
        == OutputPiece(
          .warning, "warning: the figures add up different measures", shownInResult: true))
    // The screen shows it once.
    #expect(OutputRenderer.render(warned(), options: .plain) == pieces[0].text)
  }

  @Test func writtenDataHasItsNotesAndWarningsBesideIt() {
    var frame = warned()
    frame.display = .data(
      "area,value\nFife,3\nAngus,4\n", notes: [Note("no counts under 5 to suppress")])
    #expect(
      OutputRenderer.pieces(frame, options: .plain) == [
        OutputPiece(.result, "area,value\nFife,3\nAngus,4"),
        OutputPiece(.status, "note: no counts under 5 to suppress"),
        OutputPiece(.warning, "warning: the figures add up different measures"),
      ])
  }

  @Test func aMessageIsStatusWithTheWarningUnderIt() {
    var frame = warned()
    frame.display = .message("wrote 2 rows to x.csv")
    #expect(
      OutputRenderer.pieces(frame, options: .plain) == [
        OutputPiece(.status, "wrote 2 rows to x.csv"),
        OutputPiece(.warning, "  warning: the figures add up different measures"),
      ])
    #expect(
      OutputRenderer.render(frame, options: .plain)
        == "wrote 2 rows to x.csv\n  warning: the figures add up different measures")
  }

  @Test func aTableFormatWritesEveryTableInIt() {
    let options = RenderOptions(tableFormat: .csv)
    #expect(
      OutputRenderer.pieces(warned(), options: options) == [
        OutputPiece(.result, "area,value\nFife,3\nAngus,4"),
        OutputPiece(.status, "note: source: a test"),
        OutputPiece(.warning, "warning: the figures add up different measures"),
      ])
    let md = OutputRenderer.pieces(warned(), options: RenderOptions(tableFormat: .md))
    #expect(md.first?.text.hasPrefix("| area | value |\n| --- | ---: |\n| Fife | 3 |") == true)
    #expect(
      md.last
        == OutputPiece(
          .warning, "warning: the figures add up different measures", shownInResult: true))
  }
}
