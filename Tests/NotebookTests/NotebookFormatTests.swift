@testable import Notebook
import Testing

@Suite("The notebook format")
struct NotebookFormatTests {
  static let sample = """
    ---
    title: Diversion from prosecution, 2016-17 to 2021-22
    author: "A. Analyst"
    ---

    # Diversion from prosecution

    Assessments rose, but fewer cases commenced.

    ```cjnb
    load "Datasets/indicators.csv" as jsw
    jsw | where indicator = "NI1" | limit 1
    ```

    ```output
    (output)
    ```

    ```sql
    select * from t -- narrative, not a cell
    ```

    ~~~
    ```cjnb
    inside a tilde fence: narrative
    ```
    ~~~

    ````cjnb
    areas | limit 1
    ````
    Trailing words.

    """

  @Test func readsCellsOutputsAndNarrative() throws {
    let doc = try NotebookFormat.parse(Self.sample)
    #expect(doc.title == "Diversion from prosecution, 2016-17 to 2021-22")
    #expect(doc.frontMatter?.value("author") == "A. Analyst")
    #expect(doc.cells.count == 2)
    #expect(
      doc.cells[0].source
        == "load \"Datasets/indicators.csv\" as jsw\njsw | where indicator = \"NI1\" | limit 1")
    #expect(doc.cells[0].output == "(output)")
    #expect(doc.cells[0].line == 10)
    #expect(doc.cells[1].source == "areas | limit 1")
    #expect(doc.cells[1].output == nil)
  }

  @Test(arguments: [
    sample, sample.replacingAllNewlines("\r\n"), "no cells at all\n", "", "```cjnb\nareas\n```",
    "---\na: b\n---\n",
  ])
  func roundTripIsByteForByte(text: String) throws {
    #expect(NotebookFormat.write(try NotebookFormat.parse(text)) == text)
  }

  /// A bare line feed among CRLF lines ends a line too (found by the fuzzer in CI): before, the
  /// fence after it was part of the cell's source until writing made every line end CRLF, and
  /// the file written no longer read.
  @Test func aBareLineFeedInACRLFFileEndsALine() throws {
    let mixed = "# T\r\n\r\n```cjnb\r\nareas\n```\n\r\nWords.\r\n"
    let doc = try NotebookFormat.parse(mixed)
    #expect(doc.cells.map(\.source) == ["areas"])
    let written = NotebookFormat.write(doc)
    #expect(written == "# T\r\n\r\n```cjnb\r\nareas\r\n```\r\n\r\nWords.\r\n")
    #expect(try NotebookFormat.parse(written) == doc)
    // The fuzzer's input: the fence after the bare line feeds closes the cell, so the last one
    // opens a block never closed, and the file is refused at that line.
    #expect(throws: NotebookError.self) {
      try NotebookFormat.parse("# T\r\n\r\n```cjnb\r\ndatasets`output\n2\n```\n\r\n```\r\n")
    }
  }

  /// The fuzzer's input of 2 December: a fence line ending in a carriage return before its
  /// line end (```` ```\r\r\n ````), among CRLF lines, after a cell opened inside another's
  /// fence line.
  @Test func aFenceEndingInACarriageReturnReadsBackAsItWasRead() throws {
    let input = "# T\r\n\r\n```cjnb\n```cjnb\r\ndatasets\r\n```\r\r\ndatasets\r\n```\r\n"
    let doc = try NotebookFormat.parse(input)
    let written = NotebookFormat.write(doc)
    #expect(doc.cells.map(\.source) == ["```cjnb\ndatasets\n```\r\ndatasets"])
    #expect(written == "# T\r\n\r\n```cjnb\r\n```cjnb\r\ndatasets\r\n```\r\r\ndatasets\r\n```\r\n")
    #expect(try NotebookFormat.parse(written) == doc)
  }

  @Test func changingOneOutputChangesOnlyThatBlock() throws {
    var doc = try NotebookFormat.parse(Self.sample)
    doc.setOutput("new\noutput", ofCell: 0)
    doc.setOutput("first output", ofCell: 1)
    let text = NotebookFormat.write(doc)
    #expect(text.contains("```output\nnew\noutput\n```"))
    #expect(text.contains("````\n\n```output\nfirst output\n```\nTrailing words."))
    #expect(text.hasPrefix(String(Self.sample.prefix(200))))
  }

  @Test func outputHoldingAFenceGetsALongerOne() throws {
    var doc = try NotebookFormat.parse("```cjnb\nx | write md\n```\n")
    doc.setOutput("```\ncode\n```", ofCell: 0)
    let text = NotebookFormat.write(doc)
    #expect(text.contains("````output\n```\ncode\n```\n````"))
    #expect(try NotebookFormat.parse(text).cells[0].output == "```\ncode\n```")
  }

  @Test func errorsNameTheLine() {
    #expect(
      throws: NotebookError(
        path: "nb.md", line: 3, message: "the cjnb block opened here is never closed")
    ) {
      try NotebookFormat.parse("# title\n\n```cjnb\nareas\n", path: "nb.md")
    }
    #expect(
      throws: NotebookError(
        path: "nb.md", line: 2, message: "an output block with no cjnb cell before it")
    ) {
      try NotebookFormat.parse("text\n```output\nx\n```\n", path: "nb.md")
    }
    #expect(
      throws: NotebookError(
        path: "nb.md", line: 1, message: "the front matter opened here is never closed with ---")
    ) {
      try NotebookFormat.parse("---\ntitle: x\n", path: "nb.md")
    }
  }

  @Test func aFileCutOffMidBlockKeepsWhatCameBefore() throws {
    let whole =
      "# t\n\n```cjnb\nareas\n```\n\n```output\nx\n```\n\nText.\n\n```cjnb\nareas | limit 1\n```\n\n```output\ny\n```\n"
    #expect(try NotebookFormat.parseComplete(whole).cutAt == nil)
    // In the second cell's source, then in its output: the cell goes, with the blank line before it.
    for cut in ["\n\n```cjnb\nareas | lim", "\n\n```cjnb\nareas | limit 1\n```\n\n```output\ny"] {
      let text = String(whole[..<whole.range(of: cut)!.upperBound])
      let (document, cutAt) = try NotebookFormat.parseComplete(text, path: "nb.md")
      #expect(cutAt == 13)
      #expect(document.cells.map(\.source) == ["areas"])
      #expect(
        NotebookFormat.write(document)
          == "# t\n\n```cjnb\nareas\n```\n\n```output\nx\n```\n\nText.\n")
    }
    // What is not a cut is still an error.
    #expect(throws: NotebookError.self) {
      try NotebookFormat.parseComplete("text\n```output\nx\n```\n")
    }
  }
}

@Suite("Checking outputs")
struct CheckTests {
  @Test func diffNamesCellLineAndValues() {
    let rule = "  ───────  ─────"
    let d = Check.Difference(
      index: 2, line: 27, expected: "  year     value\n\(rule)\n  2019-20  2,243\n  2020-21  2,251",
      actual: "  year     value\n\(rule)\n  2019-20  2,250\n  2020-21  2,251\n  2021-22  2,300")
    #expect(
      d.report(path: "nb.md") == """
        nb.md:27: cell 3: output differs
          -   2019-20  2,243
          +   2019-20  2,250
          +   2021-22  2,300
          changed: 2019-20: 2,243 → 2,250
          added row: 2021-22
        """)
  }

  /// Changes are said by the labels of their row, and prose by its sentences (issue 13).
  @Test func changesAreSaidByTheirLabelsAndSentences() {
    let rule = "  ─────────  ───────  ──────────────────  ─────"
    let old =
      "  area       year     measure             value\n\(rule)\n  Fife       2023-24  CPOs completed (%)  70.1%\n  Angus      2023-24  CPOs completed (%)  65.0%\n  series: latest 70.1% is the highest; +2.0\n    percentage points since 2019-20\nThe number of cases in Fife rose by 2% to 176. It has risen since 2019-20."
    let new =
      "  area       year     measure             value\n\(rule)\n  Fife       2023-24  CPOs completed (%)  72.0%\n  series: latest 72.0% is the highest; +3.9\n    percentage points since 2019-20\nThe number of cases in Fife rose by 4% to 180. It has risen since 2019-20."
    let report = Check.Difference(index: 0, line: 3, expected: old, actual: new).report(
      path: "nb.md")
    #expect(
      report.contains("changed: Fife · 2023-24 · CPOs completed (%): 70.1% → 72.0%"), "\(report)")
    #expect(report.contains("removed row: Angus · 2023-24 · CPOs completed (%)"))
    #expect(
      report.contains(
        "changed: «series: latest **70.1%** is the highest; **+2.0** percentage points since 2019-20» → «series: latest **72.0%** is the highest; **+3.9** percentage points since 2019-20»"
      ))
    #expect(
      report.contains(
        "changed: «The number of cases in Fife rose by **2%** to **176.**» → «The number of cases in Fife rose by **4%** to **180.**»"
      ))
    // The sentence that did not change is not listed as a change.
    #expect(
      !report.split(separator: "\n").contains {
        $0.contains("changed:") && $0.contains("It has risen")
      })
  }
}

extension String {
  func replacingAllNewlines(_ with: String) -> String {
    var out = ""
    for ch in self { out += ch == "\n" ? with : String(ch) }
    return out
  }
}
