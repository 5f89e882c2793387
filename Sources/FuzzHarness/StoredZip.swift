/// A zip archive with every entry stored (not compressed), with correct CRCs, so that the zip
/// layer accepts what `FuzzHarness.workbookXML` packs.
enum StoredZip {
  static func archive(_ files: [(name: String, bytes: [UInt8])]) -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    for (name, bytes) in files {
      let offset = UInt32(out.count)
      let crc = crc32(bytes)
      let nameBytes = Array(name.utf8)
      // Local file header.
      out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
      out += le32(crc) + le32(UInt32(bytes.count)) + le32(UInt32(bytes.count))
      out += le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + bytes
      // Its central directory record.
      central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
      central += le32(crc) + le32(UInt32(bytes.count)) + le32(UInt32(bytes.count))
      central +=
        le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
        + le32(offset)
      central += nameBytes
    }
    let centralOffset = UInt32(out.count)
    out += central
    out +=
      le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(files.count)) + le16(UInt16(files.count))
    out += le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
    return out
  }

  static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
  static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }

  static let table: [UInt32] = (0..<256).map { (n: UInt32) -> UInt32 in
    var c = n
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}

/// The parts of a small valid workbook: one sheet, shared strings and styles.
enum XLSX {
  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
    """

  static let rootRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
    """

  static let workbookRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\(rel)/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="\(rel)/styles" Target="styles.xml"/></Relationships>
    """

  static let workbook = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <workbook xmlns="\(main)" xmlns:r="\(rel)"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>
    """

  static let sheet = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <worksheet xmlns="\(main)"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Fife</t></is></c><c r="B2" s="1"><v>0.452</v></c></row></sheetData></worksheet>
    """

  static let sharedStrings = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <sst xmlns="\(main)" count="2" uniqueCount="2"><si><t>area</t></si><si><r><t>val</t></r><r><t>ue</t></r></si></sst>
    """

  static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="\(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>
    """
}

/// A small valid content.xml of an OpenDocument spreadsheet: two sheets, repeats of rows and
/// cells, a note marker and a navigation row, for mutations to start from.
enum ODS {
  static let content = """
    <?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
    xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>\
    <table:table table:name="Notes"><table:table-row><table:table-cell office:value-type="string"><text:p>note 1</text:p></table:table-cell>\
    <table:table-cell office:value-type="string"><text:p>A note.</text:p></table:table-cell></table:table-row></table:table>\
    <table:table table:name="Table_1"><table:table-row><table:table-cell office:value-type="string"><text:p>Table 1: Orders by area</text:p></table:table-cell></table:table-row>\
    <table:table-row><table:table-cell office:value-type="string"><text:p>Area</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>2021-22 [note 1]</text:p></table:table-cell>\
    <table:table-cell office:value-type="string"><text:p>2022-23</text:p></table:table-cell></table:table-row>\
    <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string"><text:p>Fife</text:p></table:table-cell>\
    <table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell></table:table-row>\
    <table:table-row><table:table-cell office:value-type="string"><text:p>Total</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>\
    <table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell></table:table-row>\
    <table:table-row><table:table-cell office:value-type="string"><text:p>Return to contents</text:p></table:table-cell></table:table-row>\
    <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>\
    </office:spreadsheet></office:body></office:document-content>
    """
}
