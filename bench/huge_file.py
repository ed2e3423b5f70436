"""Benchmark (not a test): peak memory and time of `zoneprofile extract` on one huge text.

    .venv/bin/python benchmarks/huge_file.py [MEGABYTES]   (default 50)

Writes a dump of the seeds repeated to MEGABYTES into a temporary folder, runs the
command in a child process and prints its wall time and peak RSS (ru_maxrss), with
the same for the seeds alone as the baseline.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(corpus: Path, out: Path) -> tuple[float, int, int]:
    code = ("import resource, sys; from zoneprofile.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\nsys.exit(code)\n")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "-q", "extract", str(corpus), "--profiles",
                           str(ROOT / "profiles"), "-o", str(out)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        sys.exit(proc.stderr)
    rss_kb = int(proc.stderr.strip().splitlines()[-1])
    rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    return elapsed, rss_kb // 1024, rows


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "dump"
        big.mkdir()
        size = megabytes * 1024 * 1024
        with (big / "dump.txt").open("w", encoding="utf-8") as fh:
            written = 0
            while written < size:
                fh.write(text + "\n\n")
                written += len(text.encode("utf-8")) + 2
        t0, rss0, rows0 = run(ROOT / "seeds", Path(tmp) / "seeds.csv")
        t1, rss1, rows1 = run(big, Path(tmp) / "dump.csv")
        print(f"seeds ({sum(p.stat().st_size for p in (ROOT / 'seeds').glob('*.txt')) >> 10} KB): "
              f"{t0:.1f} s, peak RSS {rss0} MB, {rows0} facts")
        print(f"one {written >> 20} MB file: {t1:.1f} s, peak RSS {rss1} MB, {rows1} facts")


if __name__ == "__main__":
    main()
