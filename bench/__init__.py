"""`make bench`: load Baton's pages next to a bare Django view, in one run, on a large data set.

Run it with `python -m bench.run`; bench/README.md explains the output.
"""

import os

# The benchmark's database (PostgreSQL) or file stem (SQLite, under bench/out/). Engineers who
# share a PostgreSQL server give each run a name of its own (BENCH_DATABASE_NAME=baton_bench_me).
BENCH_DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "baton_bench")
