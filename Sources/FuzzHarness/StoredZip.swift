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
      central += le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset)
      central += nameBytes
    }
    let centralOffset = UInt32(out.count)
    out += central
    out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(files.count)) + le16(UInt16(files.count))
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
