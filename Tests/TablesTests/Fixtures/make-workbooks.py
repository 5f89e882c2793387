#!/usr/bin/env python3
"""Writes the .xlsx fixtures of WorkbookTests: small workbooks laid out as Excel and the
Scottish Government's published tables lay them out, written part by part with zipfile so that
each feature the reader must handle is there on purpose.

usage: make-workbooks.py [FOLDER]   (default: this script's folder)
The output is deterministic (fixed timestamps), so running it again changes nothing.
"""
import os
import sys
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 6, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def content_types(sheets, charts=0, shared=True, styles=True):
    over = [f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, sheets + 1)]
    over += [f'<Override PartName="/xl/chartsheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/>' for i in range(1, charts + 1)]
    if shared:
        over.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    if styles:
        over.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(over) + "</Types>")


ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def sheet(rows):
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'


def published():
    """A published table: cover and contents sheets, then Table 1 with title rows above the
    header, shared and rich-text strings, entities, counts, [c], percentages stored as
    fractions under a % format, a formula's text result, an error cell, a gap and notes below;
    and a chart sheet, which is not a table."""
    strings = [
        "Justice social work statistics: illustrative",                      # 0
        "Table 1: Community payback orders by local authority, 2023-24",      # 1
        "Local authority",                                                    # 2
        "Year",                                                               # 3
        "CPOs commenced",                                                     # 4
        "Completed (%)",                                                      # 5
        "Aberdeen City",                                                      # 6
        "Dumfries &amp; Galloway",                                            # 7
        "Na h-Eileanan Siar",                                                 # 8
        "2023-24",                                                            # 9
        "[c]",                                                                # 10
        "Source: illustrative figures, not official statistics",              # 11
        "Contents",                                                           # 12
        "Table 1",                                                            # 13
    ]
    si = []
    for k, s in enumerate(strings):
        if k == 5:
            # Rich text: two runs make one string; the phonetic guide is not part of it.
            si.append('<si><r><rPr><b/></rPr><t xml:space="preserve">Completed </t></r><r><t>(%)</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>')
        else:
            si.append(f"<si><t>{s}</t></si>")
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(si) + "</sst>")
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<styleSheet {NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/>'
              '<numFmt numFmtId="165" formatCode="#,##0"/></numFmts>'
              '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="165"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>')
    cover = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    contents = sheet('<row r="1"><c r="A1" t="s"><v>12</v></c></row><row r="2"><c r="A2" t="s"><v>13</v></c><c r="B2" t="s"><v>1</v></c></row>')
    table = sheet(
        '<row r="1"><c r="A1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Figures are illustrative</t></is></c></row>'
        '<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4" t="s"><v>3</v></c><c r="C4" t="s"><v>4</v></c><c r="D4" t="s"><v>5</v></c></row>'
        '<row r="5"><c r="A5" t="s"><v>6</v></c><c r="B5" t="s"><v>9</v></c><c r="C5" s="1"><v>12150</v></c><c r="D5" s="2"><v>0.45200000000000001</v></c></row>'
        '<row r="6"><c r="A6" t="s"><v>7</v></c><c r="B6" t="str"><f>"2023-"&amp;"24"</f><v>2023-24</v></c><c r="C6" s="1"><v>1234</v></c><c r="D6" s="3"><v>0.6</v></c></row>'
        '<row r="7"><c r="A7" t="s"><v>8</v></c><c r="B7" t="s"><v>9</v></c><c r="C7" t="s"><v>10</v></c><c r="D7" t="e"><f>C7/0</f><v>#DIV/0!</v></c></row>'
        '<row r="8"><c r="A8" t="inlineStr"><is><t>Scotland</t></is></c><c r="B8" t="s"><v>9</v></c><c r="C8"><f>SUM(C5:C7)</f><v>13384</v></c><c r="D8" s="2"><v>0.51</v></c></row>'
        '<row r="10"><c r="A10" t="s"><v>11</v></c></row>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<workbook {NS}><workbookPr/><sheets>'
                '<sheet name="Cover" sheetId="1" r:id="rId1"/><sheet name="Contents" sheetId="2" r:id="rId2"/>'
                '<sheet name="Table 1" sheetId="3" r:id="rId3"/><sheet name="Chart 1" sheetId="4" r:id="rId4"/>'
                '</sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/worksheet" Target="/xl/worksheets/sheet3.xml"/>'
            f'<Relationship Id="rId4" Type="{REL}/chartsheet" Target="chartsheets/sheet1.xml"/>'
            f'<Relationship Id="rId5" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId6" Type="{REL}/styles" Target="styles.xml"/>'
            '</Relationships>')
    return {
        "[Content_Types].xml": content_types(3, charts=1),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/sharedStrings.xml": shared,
        "xl/styles.xml": styles,
        "xl/worksheets/sheet1.xml": cover,
        "xl/worksheets/sheet2.xml": contents,
        "xl/worksheets/sheet3.xml": table,
        "xl/chartsheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<chartsheet {NS}/>',
    }


def one_sheet():
    """One sheet as other tools write it: no shared strings, no styles, inline strings, rows
    and cells without references, a date in the 1904 system, a boolean, a comma in a value."""
    rows = (
        '<row><c t="inlineStr"><is><t>area</t></is></c><c t="inlineStr"><is><t>date</t></is></c>'
        '<c t="inlineStr"><is><t>value</t></is></c><c t="inlineStr"><is><t>flag</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>Fife</t></is></c><c s="1"><v>42947</v></c><c><v>2.5</v></c><c t="b"><v>1</v></c></row>'
        '<row><c t="inlineStr"><is><t>Orkney, Islands of</t></is></c><c s="1"><v>42948.5</v></c><c><v>-1E-3</v></c><c t="b"><v>0</v></c></row>')
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<styleSheet {NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<workbook {NS}><workbookPr date1904="1"/><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
    return {
        "[Content_Types].xml": content_types(1, shared=False),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/styles.xml": styles,
        "xl/worksheets/sheet1.xml": sheet(rows),
    }


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    write(os.path.join(folder, "published.xlsx"), published())
    write(os.path.join(folder, "one-sheet.xlsx"), one_sheet())
    # A zip package that is not a workbook, and a CSV file given the workbook's name.
    write(os.path.join(folder, "not-a-workbook.xlsx"), {"readme.txt": "hello"})
    with open(os.path.join(folder, "csv-named.xlsx"), "w") as f:
        f.write("area,value\nFife,1\n")


if __name__ == "__main__":
    main()
