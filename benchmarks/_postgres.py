"""Shared by the benchmarks that run on PostgreSQL (load.py, opinion_database.py); not a benchmark itself."""

from urllib.parse import urlsplit


def fresh_postgresql(database_url: str) -> None:
    """Drop the database `database_url` names, if it is there, and create it empty."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
