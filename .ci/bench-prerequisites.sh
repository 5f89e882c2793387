#!/bin/sh
# make bench times cjnb beside DuckDB's CLI, pandas and polars (docs/performance.md): their
# modules from PyPI, and a C compiler for the one-core floor (docs/bench/split.c).
set -e
# GNU time measures each process's peak memory.
[ -x /usr/bin/time ] || { apt-get install -y -qq time >/dev/null 2>&1 || sudo apt-get install -y -qq time >/dev/null; }
python3 -c "import duckdb_cli, pandas, polars" 2>/dev/null && exit 0
echo "installing duckdb-cli, pandas and polars (pip)" >&2
python3 -m pip install --quiet duckdb-cli pandas polars 2>/dev/null || python3 -m pip install --quiet --break-system-packages duckdb-cli pandas polars
python3 -c "import duckdb_cli, pandas, polars"
command -v cc >/dev/null || { echo "make bench needs a C compiler (apt-get install gcc)" >&2; exit 1; }
