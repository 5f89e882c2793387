#!/usr/bin/env python3
"""cjnb's report output read back by independent readers.

- `write xlsx`: openpyxl opens the workbook and finds the accessible-table layout (Cover,
  Notes and Table_1 sheets; the table marked as an Excel table over its header and rows),
  numbers stored as numbers with their number formats, symbols as published text, the notes
  and the meaning of the symbols on the Notes sheet; cjnb's own `load` reads it back to the
  same table (the same CSV when written again).
- `export --to docx`: python-docx opens the document and finds its headings with their
  styles, the narrative, the tables cell by cell with numbers right-aligned and symbols kept,
  the notes under each table, and a native chart part for each chart with its figures.
- `chart ... to "FILE.svg"`: the file is well-formed XML.
- When LibreOffice is installed, it converts the workbook and the document to PDF (which it
  does only when it can open them); without it that check says it is skipped.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom
import zipfile

import docx
import openpyxl
from docx.enum.text import WD_ALIGN_PARAGRAPH

NOTEBOOK = """---
title: "Orkney and Fife: a report section"
---
# Orkney and Fife

Cases completed in **Orkney** were few in every year, so one is _suppressed_.

## The table

```cjnb
indicators | where area = "Orkney Islands" and measure = "cases completed" and year >= 2019-20 | select area, year, value
```

## The chart

```cjnb
indicators | where measure = "CPOs commenced" and year = 2017-18 | rate per 10000 population 16-70 | top 6 by rate | chart bar
```

```cjnb
indicators | where area in ("Fife", "Falkirk") and measure = "CPOs commenced" | chart line by area
```
"""

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message, file=sys.stderr)


def run(cjnb, args, cwd):
    r = subprocess.run([cjnb] + args, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"cjnb {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r


def workbook_checks(cjnb, folder):
    pipeline = ('indicators | where measure = "CPOs commenced" and year = 2017-18 | rate per 10000 population 16-70 '
                '| select area, value, rate, lower, upper')
    run(cjnb, ["-c", pipeline + ' | write xlsx to "rates.xlsx"'], folder)
    run(cjnb, ["-c", 'indicators | where area = "Orkney Islands" and measure = "cases completed" | select area, year, value | write xlsx to "orkney.xlsx"'], folder)
    wb = openpyxl.load_workbook(os.path.join(folder, "rates.xlsx"))
    check(wb.sheetnames == ["Cover", "Notes", "Table_1"], f"sheets: {wb.sheetnames}")
    cover = wb["Cover"]
    check(cover["A1"].value == "CPOs commenced per 10,000 people aged 16 to 70, 2017-18", f"cover title: {cover['A1'].value}")
    check(cover["A1"].font.bold, "the cover's title is bold")
    check(any("illustrative" in str(c.value) for c in cover["A"]), "the cover has the source line")
    table = wb["Table_1"]
    check(list(table.tables.keys()) == ["Table_1"], f"Excel tables: {list(table.tables.keys())}")
    ref = table.tables["Table_1"].ref
    check(ref == "A3:E36", f"the table's range: {ref}")
    header = [c.value for c in table[3]]
    check(header == ["area", "value", "rate", "lower", "upper"], f"header: {header}")
    rows = {r[0].value: r for r in table.iter_rows(min_row=4, max_row=36)}
    fife = rows.get("Fife")
    check(fife is not None, "Fife has a row")
    if fife:
        check(isinstance(fife[1].value, int) and fife[1].number_format == "#,##0", f"a count is a number: {fife[1].value!r} {fife[1].number_format}")
        check(isinstance(fife[2].value, float) and fife[2].number_format == "#,##0.0", f"a rate is a number: {fife[2].value!r} {fife[2].number_format}")
        check(abs(fife[2].value - 23.8) < 0.05, f"Fife's rate: {fife[2].value}")
    notes = [c.value for c in wb["Notes"]["B"] if c.value]
    check(any(n.startswith("population: NRS mid-year estimates") for n in notes), f"notes travel: {notes}")
    check(any(n.startswith("lower, upper: the 95% confidence interval") for n in notes), f"interval note: {notes}")

    orkney = openpyxl.load_workbook(os.path.join(folder, "orkney.xlsx"))["Table_1"]
    values = [r[2].value for r in orkney.iter_rows(min_row=4)]
    check("[c]" in values, f"a suppressed cell is its symbol: {values}")
    check(all(isinstance(v, int) or v in ("[c]", "[x]") for v in values), f"the rest are numbers: {values}")
    legend = [c.value for c in openpyxl.load_workbook(os.path.join(folder, "orkney.xlsx"))["Notes"]["B"] if c.value]
    check("[c] confidential (suppressed)" in legend, f"the symbol is explained: {legend}")

    # cjnb's own load reads the table back: the same CSV as the table written directly.
    for name, source in [("rates", pipeline),
                         ("orkney", 'indicators | where area = "Orkney Islands" and measure = "cases completed" | select area, year, value')]:
        direct = run(cjnb, ["-q", "-c", source + " | write csv"], folder).stdout
        back = run(cjnb, ["-q", "-c", f'load "{name}.xlsx" sheet "Table_1" as back; back | write csv'], folder).stdout
        check(direct == back, f"{name}.xlsx reads back to the same table:\n{direct[:300]}\n---\n{back[:300]}")


def document_checks(cjnb, folder):
    path = os.path.join(folder, "section.md")
    with open(path, "w") as f:
        f.write(NOTEBOOK)
    run(cjnb, ["run", path, "--update"], folder)
    run(cjnb, ["export", path, "--to", "docx", "-o", os.path.join(folder, "section.docx")], folder)
    d = docx.Document(os.path.join(folder, "section.docx"))
    check(d.core_properties.title == "Orkney and Fife: a report section", f"document title: {d.core_properties.title}")
    paragraphs = [(p.style.name, p.text) for p in d.paragraphs]
    check(("Heading 1", "Orkney and Fife") in paragraphs, f"heading 1: {paragraphs[:3]}")
    check(("Heading 2", "The table") in paragraphs, "heading 2")
    narrative = next((p for p in d.paragraphs if p.text.startswith("Cases completed in Orkney")), None)
    check(narrative is not None, "the narrative is there, its Markdown turned into runs")
    if narrative:
        check(any(r.bold and r.text == "Orkney" for r in narrative.runs), "bold is bold")
        check(any(r.italic and r.text == "suppressed" for r in narrative.runs), "italic is italic")
    check(len(d.tables) == 1, f"one table: {len(d.tables)}")
    if d.tables:
        t = d.tables[0]
        cells = [[c.text for c in row.cells] for row in t.rows]
        check(cells[0] == ["area", "year", "value"], f"header row: {cells[0]}")
        check(["Orkney Islands", "2022-23", "[c]"] in cells, f"symbols kept: {cells}")
        check(["Orkney Islands", "2019-20", "7"] in cells, f"figures: {cells}")
        value = t.rows[1].cells[2].paragraphs[0]
        check(value.alignment == WD_ALIGN_PARAGRAPH.RIGHT, f"numbers right-aligned: {value.alignment}")
        check(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None, "the header row repeats")
    notes = [text for style, text in paragraphs if style == "Table Note"]
    check("[c] confidential (suppressed)" in notes, f"the table's notes: {notes}")
    check(any(n.startswith("population: NRS mid-year estimates") for n in notes), f"the chart's notes: {notes}")
    captions = [text for style, text in paragraphs if style == "Caption"]
    check("Figure 1: CPOs commenced per 10,000 people aged 16 to 70, 2017-18" in captions, f"captions: {captions}")
    with zipfile.ZipFile(os.path.join(folder, "section.docx")) as z:
        names = z.namelist()
        check("word/charts/chart1.xml" in names and "word/charts/chart2.xml" in names, f"chart parts: {names}")
        bar = z.read("word/charts/chart1.xml").decode()
        check("<c:barChart>" in bar and "<c:errBars>" in bar, "a bar chart with its intervals as error bars")
        check(">North Ayrshire<" in bar, "the chart holds its labels")
        check("<c:externalData" in bar and "word/embeddings/Microsoft_Excel_Worksheet1.xlsx" in names, "the chart's figures are embedded as a workbook")
        import io
        embedded = openpyxl.load_workbook(io.BytesIO(z.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")))["Sheet1"]
        column = [c.value for c in embedded["A"]]
        check(column[:2] == ["label", "North Ayrshire"], f"the embedded sheet holds the labels: {column[:3]}")
        check(isinstance(embedded["B2"].value, float) and abs(embedded["B2"].value - 61.6) < 0.05, f"and the figures: {embedded['B2'].value}")
        line = z.read("word/charts/chart2.xml").decode()
        check("<c:lineChart>" in line and ">Falkirk<" in line and ">Fife<" in line, "a line chart of two series")
        for name in names:
            if name.endswith(".xml") or name.endswith(".rels"):
                xml.dom.minidom.parseString(z.read(name))


def svg_checks(cjnb, folder):
    run(cjnb, ["-c", 'indicators | where measure = "CPOs commenced" and year = 2017-18 | rate per 10000 population 16-70 | funnelplot to "funnel.svg"'], folder)
    doc = xml.dom.minidom.parse(os.path.join(folder, "funnel.svg"))
    check(doc.documentElement.tagName == "svg", "an svg element")


def libreoffice_checks(folder):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("report_output: LibreOffice is not installed; its check is skipped")
        return
    for name in ["section.docx", "rates.xlsx"]:
        out = os.path.join(folder, "pdf")
        r = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo-profile", "--convert-to", "pdf", "--outdir", out,
                            os.path.join(folder, name)], capture_output=True, text=True, timeout=300)
        pdf = os.path.join(out, name.rsplit(".", 1)[0] + ".pdf")
        check(r.returncode == 0 and os.path.exists(pdf) and os.path.getsize(pdf) > 1000, f"LibreOffice opens {name}: {r.stderr[-300:]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cjnb", required=True)
    args = parser.parse_args()
    cjnb = os.path.abspath(args.cjnb)
    folder = tempfile.mkdtemp(prefix="cjnb-report-")
    try:
        workbook_checks(cjnb, folder)
        document_checks(cjnb, folder)
        svg_checks(cjnb, folder)
        libreoffice_checks(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if failures:
        print(f"report_output: {len(failures)} checks failed", file=sys.stderr)
        sys.exit(1)
    print("report_output: the workbook, the Word document and the SVG read back as written")


if __name__ == "__main__":
    main()
