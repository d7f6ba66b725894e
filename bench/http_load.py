"""HTTP load generator: ``python -m bench.http_load`` posts one GraphQL query to a running
``redgrid serve`` from N concurrent keep-alive connections for a fixed time, then prints
one JSON line: requests, errors, requests per second, latency p50/p99, its own CPU time.

It runs in its own process (the benchmark starts it), on asyncio with a minimal HTTP/1.1
client over raw streams: an HTTP library would cost more client CPU per request than the
server spends, on a machine whose two cores the client shares with the server. Its CPU
time is reported so the reader can see how much of the machine it took.

A response counts as an error when its status is not 200 or its body has ``"errors"``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.graphql import QUERIES
from bench.stats import cpu_seconds, summary


class Connection:
    """One keep-alive HTTP/1.1 connection that posts JSON and reads whole responses."""

    def __init__(self, host: str, port: int, path: str, token: str | None) -> None:
        self.host, self.port, self.path = host, port, path
        self.auth = f"Authorization: Bearer {token}\r\n" if token else ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\n{self.auth}Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.writer.write(head + body)
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            key = name.strip().lower()
            if key == "content-length":
                length = int(value)
            elif key == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif key == "connection" and "close" in value.lower():
                close = True
        if chunked:
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readuntil(b"\r\n")
            await self.reader.readuntil(b"\r\n")
            payload = b"".join(parts)
        else:
            payload = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _client(
    connection: Connection,
    bodies: list[bytes],
    deadline: float,
    latencies: list[float],
    errors: list[str],
    rng: random.Random,
) -> None:
    while time.perf_counter() < deadline:
        body = bodies[rng.randrange(len(bodies))]
        started = time.perf_counter()
        try:
            status, payload = await connection.post(body)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            connection.close()
            continue
        latencies.append(time.perf_counter() - started)
        if status != 200 or b'"errors"' in payload:
            errors.append(f"HTTP {status}: {payload[:300].decode(errors='replace')}")


async def run(
    url: str,
    query: str,
    variables: list[dict[str, Any]],
    clients: int,
    seconds: float,
    token: str | None = None,
) -> dict[str, Any]:
    """Load ``url`` with ``query`` (each request takes one of ``variables`` at random)."""
    rest = url.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    bodies = [
        json.dumps({"query": query, "variables": v}, ensure_ascii=False).encode()
        for v in variables or [{}]
    ]
    connections = [Connection(host, int(port or 80), "/" + path, token) for _ in range(clients)]
    latencies: list[float] = []
    errors: list[str] = []
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _client(c, bodies, deadline, latencies, errors, random.Random(i))
            for i, c in enumerate(connections)
        )
    )
    elapsed = time.perf_counter() - started
    for c in connections:
        c.close()
    cpu_after = cpu_seconds()
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": sorted(set(errors))[:3],
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "latency": summary(latencies, 3),
        "client_cpu_s": round(cpu_after - cpu_before, 2) if cpu_before and cpu_after else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.http_load")
    parser.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8765/graphql")
    parser.add_argument("--query", choices=sorted(QUERIES), required=True)
    parser.add_argument("--variables", type=Path, help="JSON list of variable maps")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--token",
        default=os.environ.get("REDGRID_BENCH_TOKEN"),
        help="bearer token (default: $REDGRID_BENCH_TOKEN; see redgrid users token)",
    )
    args = parser.parse_args()
    variables = json.loads(args.variables.read_text()) if args.variables else []
    loop_factory: Callable[[], asyncio.AbstractEventLoop] = asyncio.new_event_loop
    try:
        from uvloop import new_event_loop

        loop_factory = new_event_loop
    except ImportError:
        pass
    job = run(args.url, QUERIES[args.query], variables, args.clients, args.seconds, args.token)
    result = asyncio.run(job, loop_factory=loop_factory)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
