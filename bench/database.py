"""The benchmark's own database: created empty at the start, dropped at the end.

With DATABASE_URL pointing at PostgreSQL the benchmark uses a database named `baton_bench` on the
same server; without DATABASE_URL, a SQLite file under bench/out/. The server's `postgres`
database (or else the one DATABASE_URL names) is only used to run CREATE and DROP DATABASE.
"""

import dataclasses
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import BENCH_DATABASE_NAME

OUT_DIR = Path(__file__).resolve().parent / "out"
SQLITE_PATH = OUT_DIR / f"{BENCH_DATABASE_NAME}.sqlite3"


@dataclasses.dataclass(frozen=True)
class BenchDatabase:
    url: str
    vendor: str
    admin_urls: tuple = ()

    def create(self):
        if self.vendor == "sqlite":
            OUT_DIR.mkdir(exist_ok=True)
            self._remove_sqlite_files()
        else:
            self._postgres(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE_NAME}" WITH (FORCE)')
            self._postgres(f'CREATE DATABASE "{BENCH_DATABASE_NAME}"')

    def drop(self):
        if self.vendor == "sqlite":
            self._remove_sqlite_files()
        else:
            self._postgres(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE_NAME}" WITH (FORCE)')

    def _remove_sqlite_files(self):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)

    def _postgres(self, statement):
        connection = self._admin_connection()
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def _admin_connection(self):
        """Like Django's test runner: the `postgres` database, else the one DATABASE_URL names."""
        import psycopg2

        *others, last = self.admin_urls
        for url in others:
            try:
                return psycopg2.connect(url)
            except psycopg2.OperationalError:
                continue
        return psycopg2.connect(last)


def bench_database(database_url=None):
    """The benchmark database that goes with DATABASE_URL (or with its absence)."""
    database_url = database_url if database_url is not None else os.environ.get("DATABASE_URL")
    if not database_url:
        return BenchDatabase(url=f"sqlite:///{SQLITE_PATH}", vendor="sqlite")
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"bench: DATABASE_URL must be PostgreSQL or unset, not {parts.scheme}://")
    if parts.path.lstrip("/") == BENCH_DATABASE_NAME:
        raise SystemExit(
            f"bench: DATABASE_URL must name another database than {BENCH_DATABASE_NAME}"
        )
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE_NAME}"))
    admin_urls = tuple(
        dict.fromkeys(urlunsplit(parts._replace(path=path)) for path in ("/postgres", parts.path))
    )
    return BenchDatabase(url=bench_url, vendor="postgresql", admin_urls=admin_urls)
