#!/usr/bin/env python3
"""Writes the .ods fixtures of OpenDocumentTests: spreadsheets laid out as LibreOffice saves
them (content.xml with table:table, table:table-row, table:table-cell, repeats of rows and cells,
a million empty rows at the end) and as the Scottish Government publishes tables (cover sheet
with the symbols, notes sheet, title rows, a header of two rows, [note N] markers, footnote
digits, navigation rows, totals, bare x and codes of its own). Deterministic output.

usage: make-opendocument.py [FOLDER]   (default: this script's folder)
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')


def cell(v, repeat=1):
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if v is None or v == "":
        return f'<table:table-cell{rep}/>'
    if isinstance(v, bool):
        return f'<table:table-cell{rep} office:value-type="boolean" office:boolean-value="{str(v).lower()}"><text:p>{str(v).upper()}</text:p></table:table-cell>'
    if isinstance(v, (int, float)):
        return f'<table:table-cell{rep} office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    if isinstance(v, tuple):  # raw cell XML
        return v[0]
    paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(v).split("\n"))
    return f'<table:table-cell{rep} office:value-type="string">{paragraphs}</table:table-cell>'


def row(cells, repeat=1, width=None):
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    body = "".join(cell(c) for c in cells)
    # LibreOffice fills the rest of the row with one repeated empty cell.
    body += '<table:table-cell table:number-columns-repeated="1000"/>'
    return f"<table:table-row{rep}>{body}</table:table-row>"


def sheet(name, rows, tail=True):
    body = "".join(r if isinstance(r, str) else row(r) for r in rows)
    if tail:
        body += '<table:table-row table:number-rows-repeated="1048500"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    return (f'<table:table table:name="{escape(name)}"><table:table-column table:number-columns-repeated="1024"/>'
            f"{body}</table:table>")


def write(path, sheets):
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NS} office:version="1.3">'
               "<office:body><office:spreadsheet>" + "".join(sheets) + "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo("mimetype", date_time=(2025, 6, 1, 0, 0, 0))
        z.writestr(info, "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        for name, text in [("content.xml", content),
                           ("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')]:
            info = zipfile.ZipInfo(name, date_time=(2025, 6, 1, 0, 0, 0))
            z.writestr(info, text, compress_type=zipfile.ZIP_DEFLATED)


def published(folder):
    cover = sheet("Cover", [
        ["Community sentences in Scotland (illustrative figures, not official statistics)"],
        ["The following symbols are used in the tables:"],
        ["x = not available"],
        ["[ns] = not sampled in that year"],
        ["n/r = not reported (a change on fewer than 5 cases)"],
    ])
    notes = sheet("Notes", [
        ["Notes"],
        ["Note number", "Note text"],
        ["note 1", "Counting rules changed in 2017-18."],
        ["2", "Other includes supervised attendance orders."],
    ])
    contents = sheet("Contents", [["Contents"], ["Table_1", "Orders by type"], ["Quarters", "Orders by quarter"]])
    table1 = sheet("Table_1", [
        ["Table 1: Community orders made by type, 2015-16 to 2019-20 [note 1]"],
        ["This worksheet contains one table."],
        ["Go to notes"],
        ["Order type", "2015-16", "2016-17", "2017-18 [note 1]", "2018-19", "2019-20", "Change 2018-19 to 2019-20 (%)"],
        ["Total", 1020, 1075, 1110, 1014, 986, -2.8],
        ["All community orders", 820, 865, 910, 814, 791, -2.8],
        ["Community payback order", 700, 740, 790, 690, 670, -2.9],
        ["Restriction of liberty order [note 1]", 100, 105, 100, 90, 95, 5.6],
        ["Other2", 20, 20, 20, 20, 15, "n/r"],
        ["Fines", 200, 210, 200, 200, 195, -2.5],
        ["Drug treatment and testing order", "x", "x", "[ns]", 14, 11, "n/r"],
        ["Return to contents"],
        [],
        ["Source: illustrative figures, not official statistics"],
    ])
    quarters = sheet("Quarters", [
        ["Table 2: Orders by quarter, 2023 and 2024"],
        ["Area", "2023", None, None, None, "2024"],
        [None, "Q1", "Q2", "Q3", "Q4", "Q1"],
        ["Fife", 110, 95, 120, 101, 99],
        ["Angus", 40, 38, "x", 41, 37],
        ["Scotland", 3050, 2990, 3100, 3005, 2980],
    ])
    write(os.path.join(folder, "published.ods"), [cover, notes, contents, table1, quarters])


def libreoffice(folder):
    # Types and repeats as LibreOffice writes them: a repeated filled cell, a repeated filled row,
    # a percentage, a date, a boolean, spaces (text:s), two paragraphs, a comment, an error.
    data = sheet("Data", [
        ["area", "date", "share", "flag", "note", "code"],
        ["Fife", ('<table:table-cell office:value-type="date" office:date-value="2021-07-31"><text:p>31/07/21</text:p></table:table-cell>',),
         ('<table:table-cell office:value-type="percentage" office:value="0.452"><text:p>45.2%</text:p></table:table-cell>',), True,
         ('<table:table-cell office:value-type="string"><office:annotation><text:p>a comment</text:p></office:annotation><text:p>two<text:s text:c="2"/>spaces</text:p></table:table-cell>',), "A1"],
        ('<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string"><text:p>Angus</text:p></table:table-cell>'
         '<table:table-cell office:value-type="date" office:date-value="2021-08-01T12:00:00"><text:p>x</text:p></table:table-cell>'
         '<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell>'
         '<table:table-cell office:value-type="boolean" office:boolean-value="false"><text:p>FALSE</text:p></table:table-cell>'
         '<table:table-cell office:value-type="string"><text:p>line one</text:p><text:p>line two</text:p></table:table-cell>'
         '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
         '<table:table-cell table:number-columns-repeated="1018"/></table:table-row>'),
        ('<table:table-row><table:table-cell office:value-type="string"><text:p>Moray</text:p></table:table-cell>'
         '<table:table-cell table:number-columns-repeated="4" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>'
         '<table:table-cell office:value-type="string"><text:p>B2</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1018"/></table:table-row>'),
    ])
    write(os.path.join(folder, "libreoffice.ods"), [data])


def hostile(folder):
    # A filled cell that claims a billion copies, and a filled row that claims a billion.
    wide = sheet("Wide", ['<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'], tail=False)
    tall = sheet("Tall", ['<table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'], tail=False)
    write(os.path.join(folder, "hostile-repeats.ods"), [wide, tall])


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    published(folder)
    libreoffice(folder)
    hostile(folder)
