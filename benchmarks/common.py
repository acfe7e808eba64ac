"""What several benchmarks share: the queries they time, the query sets they score, a build of
the bundled corpus, a `casegraph serve` of it and a load generator for it."""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XWLB = ROOT.parent / "shared" / "data" / "xwlb.jsonl"

# queries for timing and load only (quality is measured by benchmarks/quality.py); on purpose none
# of them is, or paraphrases, a query of ../shared/eval
QUERIES = [
    "村集体经济增收路径",
    "选派机关干部到村任职",
    "农民技能培训",
    "村党组织领办合作社",
    "网格化管理",
    "乡村振兴示范村建设",
    "驻村第一书记",
    "返乡创业人才",
    "党建引领基层治理",
    "农村人居环境整治",
]

# the query sets with known answers that quality.py and relevance.py score, by name
QUERY_SETS = {
    "dev": ROOT.parent / "shared" / "eval" / "dev_queries.json",
    "extra": ROOT / "tests" / "data" / "extra_queries.json",
    "close": ROOT / "tests" / "data" / "queries_close.json",
    "paraphrased": ROOT / "tests" / "data" / "queries_paraphrased.json",
}


def seed_instance(instance: str | None) -> tuple[str, tempfile.TemporaryDirectory | None]:
    """The given instance, or a fresh `casegraph build` of corpus/ in a temporary folder.
    -> (instance path, the temporary folder to clean up, or None when one was given)."""
    if instance:
        return instance, None
    tmp = tempfile.TemporaryDirectory()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "casegraph.cli",
            "build",
            str(ROOT / "corpus"),
            "--instance",
            tmp.name,
        ],
        check=True,
        capture_output=True,
    )
    return tmp.name, tmp


def rural_items(out: Path, limit: int = 0) -> int:
    """Write the news items with a title that mention 乡村 or 党建 (the first ``limit``, 0: all)
    to ``out`` as JSON Lines; -> how many."""
    import json

    n = 0
    with XWLB.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            rec = json.loads(line)
            content = rec.get("content") or ""
            if rec.get("title") and ("乡村" in content or "党建" in content):
                dst.write(line)
                n += 1
                if limit and n >= limit:
                    break
    return n


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(
    port: int,
    requests: list[tuple[str, str, bytes | None, dict]],
    clients: int,
    seconds: float,
    ok: tuple[int, ...] = (200,),
) -> dict:
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = k
        while time.monotonic() < stop:
            method, path, body, headers = requests[i % len(requests)]
            i += 1
            t = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                good = r.status in ok
            except (OSError, http.client.HTTPException) as e:
                good = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                r = e
            dt = (time.perf_counter() - t) * 1000
            with lock:
                lat.append(dt)
                if not good:
                    errors.append(str(getattr(r, "status", r)))
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    return {
        "requests": len(lat),
        "rps": len(lat) / wall,
        "median": statistics.median(lat) if lat else 0,
        "p95": lat[int(0.95 * (len(lat) - 1))] if lat else 0,
        "errors": len(errors),
    }


def report(name: str, r: dict) -> None:
    print(
        f"{name:30s} {r['requests']:6d} requests  {r['rps']:7.1f} req/s  median {r['median']:6.1f} ms  "
        f"p95 {r['p95']:6.1f} ms  errors {r['errors']}"
    )


def start_server(instance: str, **settings) -> tuple[subprocess.Popen, int]:
    """`casegraph serve` on a free loopback port with CASEGRAPH_* settings, once it answers."""
    import os

    port = free_port()
    env = dict(os.environ, **{f"CASEGRAPH_{k.upper()}": str(v) for k, v in settings.items()})
    server = subprocess.Popen(
        [sys.executable, "-m", "casegraph.cli", "serve", "--port", str(port)]
        + ["--instance", instance],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/themes")
            conn.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("casegraph serve did not start")
