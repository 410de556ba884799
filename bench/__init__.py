"""`make bench`: load Baton's pages next to a bare Django view, in one run, on a large data set.

Run it with `python -m bench.run`; bench/README.md explains the output.
"""

# The benchmark's database (PostgreSQL) or file stem (SQLite, under bench/out/).
BENCH_DATABASE_NAME = "baton_bench"
