import Foundation
@testable import Notebook
import Query
import Rendering
@testable import Tables
import Testing

/// Exports for reports: HTML with SVG charts, Word documents, cells left out with `no-export`.
@Suite("Report exports", .serialized)
struct ReportExportTests {
  let notebook = """
    ---
    title: "A <report> & more"
    ---
    # Cases & orders

    Completion **rose** in _Fife_.

    ```cjnb no-export
    describe indicators
    ```

    ```cjnb
    indicators | where area = "Orkney Islands" and measure = "cases completed" and year >= 2021-22 | select area, year, value
    ```

    ```cjnb
    indicators | where measure = "CPOs commenced" and year = 2017-18 | rate per 10000 population 16-70 | top 5 by rate | chart bar
    ```
    """

  func exported() throws -> (NotebookDocument, [CellResult]) {
    let folder = scratchFolder("report-export")
    let doc = try NotebookFormat.parse(notebook)
    let results = Replay.run(doc, path: folder + "/nb.md", runner: runner(in: folder))
    #expect(results.allSatisfy { $0.error == nil })
    return (doc, results)
  }

  @Test func htmlEmbedsTheSVGAndKeepsTheTextBeneath() throws {
    let (doc, results) = try exported()
    let html = Export.html(doc, results: results, settings: Export.Settings())
    #expect(html.contains("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(html.contains("<details class=\"chart-text\"><summary>The chart as text</summary>"))
    #expect(
      html.contains(
        "<pre class=\"chart\">CPOs commenced per 10,000 people aged 16 to 70, 2017-18\n  North Ayrshire"
      ))
    let md = Export.markdown(doc, results: results, settings: Export.Settings())
    #expect(!md.contains("<svg") && md.contains("```text\nCPOs commenced per 10,000"))
  }

  @Test func aNoExportCellIsRunAndCheckedButNotPublished() throws {
    let (doc, results) = try exported()
    #expect(results.count == 3)
    for text in [
      Export.markdown(doc, results: results, settings: Export.Settings(withCommands: true)),
      Export.html(doc, results: results, settings: Export.Settings(withCommands: true)),
    ] {
      #expect(!text.contains("describe indicators") && !text.contains("8,712 rows"))
      #expect(text.contains("Orkney Islands"))
    }
  }

  @Test func anUnknownCellOptionIsAnErrorAtItsLine() {
    #expect {
      _ = try NotebookFormat.parse("# x\n\n```cjnb no-exprot\ndescribe\n```\n")
    } throws: { error in
      "\(error)".contains("line 3") || (error as? NotebookError)?.line == 3
    }
  }

  @Test func aWordDocumentHoldsHeadingsRunsTablesNotesAndNativeCharts() throws {
    let (doc, results) = try exported()
    var builder = WordDocument.Builder(settings: Export.Settings())
    for piece in Export.pieces(doc, results, Export.Settings()) { builder.add(piece) }
    let parts = builder.parts(title: doc.title ?? "")
    let names = parts.map(\.path)
    #expect(
      names.contains("word/document.xml") && names.contains("word/styles.xml")
        && names.contains("word/charts/chart1.xml"))
    let body = String(
      decoding: try #require(parts.first { $0.path == "word/document.xml" }).bytes, as: UTF8.self)
    #expect(
      body.contains(
        #"<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">Cases &amp; orders</w:t></w:r>"#
      ))
    #expect(body.contains(#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">rose</w:t></w:r>"#))
    #expect(body.contains(#"<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Fife</w:t></w:r>"#))
    #expect(body.contains("<w:tblHeader/>"))
    #expect(
      body.contains(#"<w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">[c]</w:t>"#))
    #expect(body.contains(">[c] confidential (suppressed)<"))
    #expect(!body.contains("describe"))
    let core = String(
      decoding: try #require(parts.first { $0.path == "docProps/core.xml" }).bytes, as: UTF8.self)
    #expect(core.contains("<dc:title>A &lt;report&gt; &amp; more</dc:title>"))
    let chart = String(
      decoding: try #require(parts.first { $0.path == "word/charts/chart1.xml" }).bytes,
      as: UTF8.self)
    #expect(
      chart.contains("<c:barChart>") && chart.contains("<c:errBars>")
        && chart.contains("<c:v>North Ayrshire</c:v>"))
    #expect(
      chart.contains("<c:f>Sheet1!$A$2:$A$6</c:f>")
        && chart.contains(#"<c:externalData r:id="rId1">"#))
    #expect(
      names.contains("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")
        && names.contains("word/charts/_rels/chart1.xml.rels"))
    // The same notebook gives the same bytes: a check can compare them.
    let once = try WordDocument.bytes(doc, results: results, settings: Export.Settings())
    #expect(once == (try WordDocument.bytes(doc, results: results, settings: Export.Settings())))
  }
}
