import Testing

@testable import Tables

/// The XML scanner the workbook reader stands on, tried directly.
@Suite("XML scanner")
struct XMLScannerTests {
  func events(_ xml: String) throws(XMLScanner.Malformed) -> [XMLScanner.Event] {
    var scanner = XMLScanner(Array(xml.utf8))
    var out: [XMLScanner.Event] = []
    while let e = try scanner.next() { out.append(e) }
    return out
  }

  @Test func elementsAttributesAndText() throws {
    let e = try events(
      #"<?xml version="1.0"?><!-- c --><x:row r='2' spans="1:3"><c t="s"/>a &amp; b</x:row>"#)
    #expect(
      e == [
        .start(name: "x:row", attributes: ["r": "2", "spans": "1:3"], empty: false),
        .start(name: "c", attributes: ["t": "s"], empty: true),
        .text("a & b"),
        .end(name: "x:row"),
      ])
  }

  @Test func entitiesAndCharacterReferences() throws {
    #expect(try events("<t>&lt;&gt;&quot;&apos;&#10;&#x2013;&#X41;</t>")[1] == .text("<>\"'\n–A"))
    #expect(
      try events(#"<t a="&amp;&#169;"/>"#) == [
        .start(name: "t", attributes: ["a": "&©"], empty: true)
      ])
  }

  @Test func cdataAndAByteOrderMark() throws {
    #expect(
      try events("\u{FEFF}<t><![CDATA[a < b & c]]></t>") == [
        .start(name: "t", attributes: [:], empty: false), .text("a < b & c"), .end(name: "t"),
      ])
  }

  @Test func textOfAnElementLeavesOutWhatIsAsked() throws {
    var scanner = XMLScanner(
      Array("<si><t>Fife</t><rPh><t>ふ</t></rPh><r><t> Council</t></r></si>".utf8))
    _ = try scanner.next()
    #expect(try scanner.text(of: "si", excluding: ["rPh"]) == "Fife Council")
  }

  @Test(arguments: [
    ("<t a=1/>", 5, "an attribute value without quotes"),
    (#"<t a="1/>"#, 6, "an attribute value that never closes"),
    ("<t a/>", 4, "an attribute without a value"),
    ("< >", 1, "a tag without a name"),
    ("<t", 2, "a tag that never closes"),
    ("<!-- never", 0, "markup that never closes"),
    ("<t>&nbsp;</t>", 3, "an unknown entity &nbsp;"),
    ("<t>a & b</t>", 5, "an & that starts no entity"),
    ("</t", 3, "an end tag that does not close"),
  ])
  func malformedSaysWhereAndWhat(xml: String, offset: Int, message: String) {
    let error = #expect(throws: XMLScanner.Malformed.self) { try events(xml) }
    #expect(error == XMLScanner.Malformed(offset: offset, message: message))
  }

  @Test func anElementThatNeverClosesOrClosesWrongly() {
    var open = XMLScanner(Array("<si><t>a</t>".utf8))
    _ = try? open.next()
    #expect(
      (#expect(throws: XMLScanner.Malformed.self) { try open.text(of: "si") })?.message
        == "<si> never closes")
    var wrong = XMLScanner(Array("<si>a</is>".utf8))
    _ = try? wrong.next()
    #expect(
      (#expect(throws: XMLScanner.Malformed.self) { try wrong.text(of: "si") })?.message
        == "</is> where </si> belongs")
  }
}
