#!/bin/sh
# The oracle suite (Tests/Oracle) asks DuckDB the same questions as cjnb, scipy for the
# confidence intervals, pandas and DuckDB to read cjnb's files back, and python-docx and
# openpyxl to read its Word documents and workbooks: it needs Python 3 with DuckDB's, scipy's,
# pandas', python-docx's and openpyxl's modules from PyPI. Installs
# them when missing: the modules with pip (pip itself from apt when Python has none), Python from
# apt on Debian and Ubuntu.
set -e

if ! command -v python3 >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "installing python3 python3-pip (apt-get)" >&2
    $sudo apt-get install -y -q python3 python3-pip >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q python3 python3-pip >/dev/null; }
  else
    echo "the oracle suite needs python3; install it with your system's package manager" >&2
    exit 1
  fi
fi
python3 -c "import duckdb, scipy.stats, pandas, docx, openpyxl" 2>/dev/null && exit 0
if ! python3 -m pip --version >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "installing python3-pip (apt-get)" >&2
    $sudo apt-get install -y -q python3-pip >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q python3-pip >/dev/null; }
  fi
fi
echo "installing duckdb, scipy, pandas, python-docx and openpyxl (pip)" >&2
# Debian's own Python refuses packages outside a virtual environment unless told (PEP 668).
python3 -m pip install --quiet duckdb scipy pandas python-docx openpyxl 2>/dev/null || python3 -m pip install --quiet --break-system-packages duckdb scipy pandas python-docx openpyxl
python3 -c "import duckdb, scipy.stats, pandas, docx, openpyxl"
