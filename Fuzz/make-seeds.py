#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus, Fuzz/Corpus/<target>/, from small real inputs in the
repository: the readers' test fixtures, the bundled datasets' first lines, the cjnb blocks of the
README, the language reference and the notebooks, and the notebooks themselves. With the real
published workbooks of shared/real-files beside the repository (or REAL_FILES=folder), it also
takes a few of their sheets. Deterministic: running it again changes nothing.

usage: python3 Fuzz/make-seeds.py
"""
import glob
import hashlib
import io
import os
import re
import shutil
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")
FIXTURES = os.path.join(ROOT, "Tests", "TablesTests", "Fixtures")
REAL = os.environ.get("REAL_FILES") or next(
    (p for p in [os.path.join(ROOT, "..", "shared", "real-files"), "/work/shared/real-files"] if os.path.isdir(p)), None)


def put(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def head(path, lines):
    return b"".join(read(path).splitlines(keepends=True)[:lines])


def cjnb_blocks(text):
    return [m.group(1) for m in re.finditer(r"^```cjnb[^\n]*\n(.*?)^```", text, re.S | re.M)]


def slug(text):
    return hashlib.sha1(text.encode() if isinstance(text, str) else text).hexdigest()[:12]


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)

    # CSV: every delimited fixture, and the first lines of each bundled dataset.
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.csv")) + glob.glob(os.path.join(FIXTURES, "*.tsv"))):
        put("FuzzCSV", os.path.basename(path), read(path))
    put("FuzzCSV", "justice.csv", read(os.path.join(ROOT, "Tests", "EndToEndTests", "Fixtures", "justice.csv")))
    for name in ["areas.csv", "published.csv"]:
        put("FuzzCSV", "dataset-" + name, read(os.path.join(ROOT, "Datasets", name)))
    for name in ["indicators.csv", "population.csv"]:
        put("FuzzCSV", "dataset-head-" + name, head(os.path.join(ROOT, "Datasets", name), 40))

    # Workbooks: the fixtures, and a real workbook cut to its first sheets.
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.xlsx"))):
        put("FuzzWorkbook", os.path.basename(path), read(path))

    # Workbook XML: parts of the fixtures, NUL between sheet, shared strings, styles, workbook.
    def parts(book, sheet, extra=b""):
        z = zipfile.ZipFile(io.BytesIO(book) if isinstance(book, bytes) else book)
        names = set(z.namelist())
        get = lambda n: z.read(n) if n in names else b""
        return get(sheet) + b"\0" + get("xl/sharedStrings.xml") + b"\0" + get("xl/styles.xml") + b"\0" + extra

    for name in ["one-sheet.xlsx", "published.xlsx"]:
        book = read(os.path.join(FIXTURES, name))
        z = zipfile.ZipFile(io.BytesIO(book))
        for sheet in sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet")):
            put("FuzzWorkbookXML", name.replace(".xlsx", "") + "-" + os.path.basename(sheet), parts(book, sheet))
    put("FuzzWorkbookXML", "defaults", b"")

    if REAL:
        source = os.path.join(REAL, "criminal_proceedings-2324-tables.xlsx")
        if os.path.exists(source):
            z = zipfile.ZipFile(source)
            keep = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                    "xl/styles.xml", "xl/sharedStrings.xml"} | {f"xl/worksheets/sheet{i}.xml" for i in (1, 2, 3, 6)}
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
                for info in z.infolist():
                    if info.filename in keep:
                        copy = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 1, 0, 0, 0))
                        copy.compress_type = zipfile.ZIP_DEFLATED
                        w.writestr(copy, z.read(info.filename))
            put("FuzzWorkbook", "criminal-proceedings-first-sheets.xlsx", out.getvalue())
            put("FuzzWorkbookXML", "criminal-proceedings-sheet3.xml", parts(source, "xl/worksheets/sheet3.xml"))

    # Scripts: every cjnb block of the README, the language reference and the notebooks.
    seen = set()
    docs = [os.path.join(ROOT, "README.md"), os.path.join(ROOT, "docs", "language.md")] + sorted(glob.glob(os.path.join(ROOT, "Notebooks", "*.md")))
    for path in docs:
        for block in cjnb_blocks(read(path).decode()):
            if block not in seen:
                seen.add(block)
                put("FuzzScript", slug(block), block)
    for text in ["indicators | where area = \"Fife\" and year >= 2019 | group by year sum(value)",
                 "let x = indicators | derive rate = value / 1000 * 100 | sort -rate | head 5",
                 "load \"Datasets/published.csv\" sheet \"Table 1\"", "(1 + (2 * (3 - 4)))",
                 "indicators | where measure = \"cases comenced\"", "\"unterminated", "a | b ;; c |",
                 "derive x = - - value", "indicators | chart line year value by area"]:
        put("FuzzScript", "snippet-" + slug(text), text)

    # Notebooks: the notebooks, the README (a checked notebook), and a few shapes by hand.
    for path in sorted(glob.glob(os.path.join(ROOT, "Notebooks", "*.md"))) + [os.path.join(ROOT, "README.md")]:
        put("FuzzNotebook", os.path.basename(path), read(path))
    put("FuzzNotebook", "front-matter.md", "---\ntitle: \"A\"\nascii: true\n---\n\n# T\n\n```cjnb\nindicators | head 2\n```\n\n```output\nx\n```\n")
    put("FuzzNotebook", "crlf.md", "# T\r\n\r\n```cjnb\r\ndatasets\r\n```\r\n")
    put("FuzzNotebook", "unclosed.md", "text\n\n````cjnb\nindicators\n```\n")
    put("FuzzNotebook", "orphan-output.md", "```output\n1\n```\n")
    put("FuzzNotebook", "tilde-and-other.md", "~~~sql\nselect 1\n~~~\n\n```cjnb {id=1}\nx | head\n```\n\n\n```output\n```\nend")


if __name__ == "__main__":
    main()
