"""The engines side by side: `extract --engine local` (the process pool) against `--engine dask` on a
LocalCluster of 2 worker processes, on a generated corpus (bench/corpus.py), empty cache.

    .venv/bin/python bench/scale.py [--docs 10000] [--repeat 1]

Reports wall time, throughput, the dask engine's overhead against the local one, the peak RSS of
each dask worker (ru_maxrss, asked of the workers after the run) and of the client process, and
checks that both engines wrote the same bytes. Needs zoneprofile[scale]. Writes
output/bench/scale.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import corpus as corpus_builder  # noqa: E402

WORK = ROOT / "output" / "bench"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(args: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zoneprofile", "-q", *args], check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    opts = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    corpus = WORK / f"scale-{opts.docs}"
    if not corpus.is_dir():
        corpus_builder.build(corpus, opts.docs, seed=1)
    size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    common = [str(corpus), "--profiles", str(ROOT / "profiles"), "--no-cache"]
    local_out, dask_out = WORK / "scale-local.jsonl", WORK / "scale-dask.jsonl"
    local = min(run(["extract", *common, "-o", str(local_out)]) for _ in range(opts.repeat))
    # the command's own cluster (started and stopped inside the run: what a user gets without --scheduler)
    own = min(run(["extract", *common, "--engine", "dask", "-o", str(dask_out)]) for _ in range(opts.repeat))
    # a cluster already running (--scheduler): the engine's cost without the cluster's start-up
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: None)
        running = min(run(["extract", *common, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                           "-o", str(dask_out)]) for _ in range(opts.repeat))
        workers = client.run(_peak_rss_mb)
    same = local_out.read_bytes() == dask_out.read_bytes()
    facts = sum(1 for _ in open(local_out, encoding="utf-8"))
    rows = [
        ("corpus", f"{opts.docs} documents, {size / 1e6:.1f} MB, {facts} facts"),
        ("`--engine local` (pool of 2 processes)", f"{local:.1f} s ({opts.docs / local:.0f} docs/s, {size / 1e6 / local:.2f} MB/s)"),
        ("`--engine dask`, own LocalCluster(2 workers)", f"{own:.1f} s ({opts.docs / own:.0f} docs/s); overhead {100 * (own / local - 1):+.0f} %"),
        ("`--engine dask --scheduler` (cluster running)", f"{running:.1f} s ({opts.docs / running:.0f} docs/s); overhead {100 * (running / local - 1):+.0f} %"),
        ("peak RSS per dask worker", ", ".join(f"{v:.0f} MB" for v in workers.values())),
        ("same bytes from both engines", "yes" if same else "NO"),
    ]
    table = "| measure | result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}; " \
              f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC"
    print(table + f"\n\n<sub>{machine}</sub>")
    (WORK / "scale.md").write_text(table + f"\n\n<sub>{machine}</sub>\n", encoding="utf-8")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
