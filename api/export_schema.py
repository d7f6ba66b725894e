"""Print or write the GraphQL schema (SDL) the API serves, so docs and clients can read it
without a running server.

Usage::

    python -m api.export_schema                                 # print to stdout
    python -m api.export_schema --write docs/schema.graphql     # write the committed copy
    python -m api.export_schema --check docs/schema.graphql     # exit 1 when it is stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from api.graphql.schema import build_schema
from api.settings import Settings

__all__ = ["DOCS_SCHEMA", "WRITE_COMMAND", "main", "schema_sdl"]

DOCS_SCHEMA = Path("docs/schema.graphql")
WRITE_COMMAND = f"python -m api.export_schema --write {DOCS_SCHEMA}"


def schema_sdl() -> str:
    """The schema in SDL, ending with a newline. Limits do not change the SDL.

    Example:
        >>> "type Query" in schema_sdl()
        True
    """
    return build_schema(Settings()).as_str() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.export_schema", description=__doc__)
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--write", type=Path, metavar="PATH", help="write the SDL to PATH")
    target.add_argument(
        "--check", type=Path, metavar="PATH", help="exit 1 when PATH differs from the SDL"
    )
    args = parser.parse_args(argv)
    sdl = schema_sdl()
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(sdl, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    elif args.check:
        current = args.check.read_text(encoding="utf-8") if args.check.exists() else ""
        if current != sdl:
            command = f"python -m api.export_schema --write {args.check}"
            print(f"{args.check} is stale: run {command}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(sdl)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
