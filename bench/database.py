"""The benchmark database: a PostgreSQL database of its own, migrated, and fast bulk loading into it.

Benchmarks measure what production runs on, so they refuse SQLite: the policy's query shapes (hashed
subplans, index walks) only mean something on PostgreSQL. Nothing here imports a model at module level,
because Django is configured by prepare() and models can only be imported afterwards.
"""

import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"


def log(message: str) -> None:
    """Chatter goes to stderr so that stdout holds only `bench <name>: <value> <unit>` lines."""
    print(message, file=sys.stderr, flush=True)


def _connect(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=parts.path.lstrip("/"),
        autocommit=True,
        connect_timeout=5,
    )


def _start_local_server() -> None:
    """Start the Debian cluster of this machine (the issue's recipe), then wait for it to accept connections."""
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir()) if Path("/etc/postgresql").is_dir() else []
    if not versions or shutil.which("pg_ctlcluster") is None:
        raise SystemExit("PostgreSQL is down and no local cluster to start: set BENCH_DATABASE_URL to a running server")
    log(f"bench: starting PostgreSQL {versions[-1]}")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=True)


def _ensure_database(url: str) -> None:
    """Create the benchmark database when it is missing, starting the local server if it is down."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        conn = _connect(maintenance)
    except psycopg.OperationalError:
        _start_local_server()
        for _attempt in range(30):
            try:
                conn = _connect(maintenance)
                break
            except psycopg.OperationalError:
                time.sleep(1)
        else:
            raise SystemExit("PostgreSQL did not come up within 30 s")
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"bench: creating database {name}")
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def prepare() -> str:
    """Point Django at the benchmark database, set it up and migrate; return the database URL."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"BENCH_DATABASE_URL must be a PostgreSQL URL, not {url!r}")
    _ensure_database(url)
    # Settings read these at import: production-like (DEBUG off, so no query log grows during timing).
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = "bench-only-secret-key-not-for-any-deployment"
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one log-in line per timed client is only noise here
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"bench: database {urlsplit(url).path.lstrip('/')} migrated in {time.perf_counter() - started:.1f} s")
    return url


def truncate(models: Sequence) -> None:
    """Empty the tables of these models (and their many-to-many tables) and restart their ids."""
    from django.db import connection

    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    quoted = ", ".join(connection.ops.quote_name(t) for t in dict.fromkeys(tables))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


@contextmanager
def bulk_load() -> Iterator[None]:
    """One transaction for a bulk load, with foreign-key checks off when the role is allowed to turn them off.

    Django's foreign keys are deferred constraint triggers: COPY queues one check per row and reference,
    about half of the load time here. The generated data is consistent by construction (dense ids), so the
    checks are skipped (session_replication_role = replica, superusers only) for this transaction only.
    """
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                log("bench: not a superuser, so foreign-key checks stay on during the load (slower)")
        yield


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Load rows with PostgreSQL COPY (psycopg 3), an order of magnitude faster than INSERTs; return the count."""
    from django.db import connection

    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reset_sequences(models: Sequence) -> None:
    """After COPY with explicit ids, move each id sequence past the largest id so later inserts work."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


def vacuum_analyze(tables: Iterable[str]) -> None:
    """VACUUM ANALYZE freshly loaded tables: fresh statistics for the planner, and a visibility map and hint
    bits as a table has in steady state, so that neither the first timed reads nor an autovacuum run that
    starts mid-measurement distort the figures."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in dict.fromkeys(tables):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
