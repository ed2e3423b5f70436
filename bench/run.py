"""zoneprofile's benchmark: one command, one table.

    .venv/bin/python bench/run.py            # 2-4 minutes on 2 cores
    .venv/bin/python bench/run.py --quick    # skips the 10,000-document memory run

What it measures (every command in a fresh process; wall times are the best of --repeat runs,
as other work on the machine only ever adds time):

- `zoneprofile --help`;
- `zoneprofile brief` on the seeds from a cold process, with no cache (--no-cache) and with a warm
  cache (an analyst changing a template), and where the time of a cold brief goes
  (bench/brief_steps.py), HTML→PDF included;
- a corpus of 2,000 documents (~6 MB) made from the seeds and the tests' texts with variations
  (bench/corpus.py): `zoneprofile extract` with an empty cache against jieba.lcut over the same
  texts in one process (dictionary loaded beforehand, files read beforehand: segmentation alone),
  run alternately; the second, unchanged run; peak memory of the whole process tree (PSS: shared
  pages counted once), sampled every 50 ms;
- the same for 10,000 documents (~30 MB): time and peak memory.

Prints one Markdown table and writes it to output/bench/results.md with the machine's details.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import corpus as corpus_builder  # noqa: E402

WORK = ROOT / "output" / "bench"
CACHE = WORK / "cache"
ZP = [sys.executable, "-m", "zoneprofile"]


def env(**extra) -> dict:
    e = {k: v for k, v in os.environ.items() if k not in ("CI",)}
    e["ZONEPROFILE_CACHE_DIR"] = str(CACHE)
    e.update(extra)
    return e


# ---------------------------------------------------------------- measuring
def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return pids


def _memory(pid: int) -> tuple[int, int]:
    """(PSS of the process tree, RSS of the main process), in bytes."""
    pss = rss = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
                elif line.startswith("Rss:") and p == pid:
                    rss = int(line.split()[1]) * 1024
        except OSError:
            pass
    return pss, rss


def run(cmd: list[str], memory: bool = False, check: bool = True, **kwargs) -> dict:
    """Run a command; its wall time and, if asked, the peak memory of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=kwargs.pop("env", env()), **kwargs)
    peak = {"pss": 0, "rss": 0}

    def sample() -> None:
        while proc.poll() is None:
            pss, rss = _memory(proc.pid)
            peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True) if memory else None
    if sampler:
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if sampler:
        sampler.join()
    if check and proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{err}")
    return {"wall": wall, "stdout": out, "stderr": err, "returncode": proc.returncode, **peak}


def best(cmd: list[str], repeat: int, **kwargs) -> float:
    return min(run(cmd, **kwargs)["wall"] for _ in range(repeat))


LCUT = r"""
import sys, time, json
from pathlib import Path
import jieba
jieba.setLogLevel(60)
jieba.initialize()
from zoneprofile.read.corpus import list_texts, read_document
root, files = list_texts(sys.argv[1])
texts = [d.text for d in (read_document(root, f) for f in files) if d]
start = time.perf_counter()
for text in texts:
    jieba.lcut(text)
print(json.dumps({"seconds": time.perf_counter() - start, "chars": sum(map(len, texts)),
                  "bytes": sum(len(t.encode()) for t in texts)}))
"""


def lcut_seconds(corpus: Path) -> dict:
    return json.loads(run([sys.executable, "-c", LCUT, str(corpus)])["stdout"])


def _has(module: str) -> bool:
    return run([sys.executable, "-c", f"import {module}"], check=False)["returncode"] == 0


# ---------------------------------------------------------------- the benchmark
def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def fmt_mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description="zoneprofile's benchmark")
    parser.add_argument("--docs", type=int, default=2000, help="documents in the extraction corpus")
    parser.add_argument("--memory-docs", type=int, default=10000, help="documents in the memory run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each short command (the best counts)")
    parser.add_argument("--quick", action="store_true", help="skip the memory run")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    rows: list[tuple[str, str, str]] = []

    def row(what: str, value: str, target: str = "") -> None:
        rows.append((what, value, target))
        print(f"  {what}: {value}  {target}", file=sys.stderr, flush=True)

    seeds, profiles = ROOT / "seeds", ROOT / "profiles"
    print("commands on the seeds ...", file=sys.stderr)
    row("`zoneprofile --help`", fmt_s(best(ZP + ["--help"], args.repeat * 2)), "≤ 0.3 s")
    pdf = WORK / "brief.pdf"
    brief = ZP + ["brief", str(seeds), "--profiles", str(profiles), "-o", str(pdf)]
    row("`brief` on the seeds, cold process, no cache", fmt_s(best(brief + ["--no-cache"], args.repeat)), "≤ 2.5 s")
    shutil.rmtree(CACHE, ignore_errors=True)
    run(brief)
    row("`brief` on the seeds, cold process, warm cache", fmt_s(best(brief, args.repeat)), "≤ 2.5 s")
    steps = min((json.loads(run([sys.executable, str(ROOT / "bench" / "brief_steps.py"), str(seeds), str(profiles),
                                 str(WORK / "steps.pdf")])["stdout"]) for _ in range(args.repeat)),
                key=lambda s: s["total in process"])
    start = run([sys.executable, "-c", "pass"])["wall"]
    row("  python start", fmt_s(start))
    for name, seconds in steps.items():
        if name != "total in process":
            row(f"  {name}", fmt_s(seconds))
    row("  sum, one process, nothing overlapped", fmt_s(steps["total in process"] + start))
    html_pdf = steps["HTML→PDF: layout"] + steps["HTML→PDF: PDF write"]
    row("HTML→PDF (render step alone: layout + PDF write)", fmt_s(html_pdf), "≤ 0.5 s")
    pages = run([sys.executable, "-c", "import sys, pypdf; print(len(pypdf.PdfReader(sys.argv[1]).pages))",
                 str(pdf)])["stdout"].strip() if _has("pypdf") else "?"
    hb = run([sys.executable, "-c", "from zoneprofile.render.pdf import harfbuzz_subset_available as h; print(h())"])
    row("  pages of the brief; HarfBuzz-subset found", f"{pages}; {'yes' if 'True' in hb['stdout'] else 'NO'}")

    print(f"building {args.docs} documents ...", file=sys.stderr)
    big = WORK / "corpus"
    n, size = corpus_builder.build(big, args.docs)
    out = WORK / "facts.csv"
    extract = ZP + ["extract", str(big), "--profiles", str(profiles), "-o", str(out)]
    lcuts, firsts = [], []
    for _ in range(2):  # alternately, so both see the same machine
        lcuts.append(lcut_seconds(big))
        shutil.rmtree(CACHE, ignore_errors=True)
        firsts.append(run(extract, memory=True))
    lcut = min(lcuts, key=lambda r: r["seconds"])
    first = min(firsts, key=lambda r: r["wall"])
    second = min((run(extract) for _ in range(args.repeat)), key=lambda r: r["wall"])
    facts = re.search(r"(\d+) facts from", first["stderr"]).group(1)
    row(f"corpus: {n} documents, {size / 1e6:.1f} MB", f"{facts} facts")
    row("`jieba.lcut` over the texts, one process (segmentation only)",
        f"{fmt_s(lcut['seconds'])} ({lcut['bytes'] / 1e6 / lcut['seconds']:.2f} MB/s)")
    row("`extract`, first run (empty cache), whole command", fmt_s(first["wall"]))
    row("  ratio to `jieba.lcut`", f"{first['wall'] / lcut['seconds']:.2f} ×", "≤ 1.5 ×")
    row("  peak memory, all processes (PSS)", fmt_mb(first["pss"]))
    row("`extract`, second run, unchanged corpus", fmt_s(second["wall"]))
    row("  ratio to the first run", f"{100 * second['wall'] / first['wall']:.1f} %", "≤ 10 %")

    if not args.quick:
        print(f"building {args.memory_docs} documents ...", file=sys.stderr)
        n, size = corpus_builder.build(big, args.memory_docs, seed=2)
        shutil.rmtree(CACHE, ignore_errors=True)
        lcut = lcut_seconds(big)
        result = run(extract, memory=True)
        row(f"{n} documents, {size / 1e6:.1f} MB: `extract`, empty cache",
            f"{fmt_s(result['wall'])} ({result['wall'] / lcut['seconds']:.2f} × lcut)")
        row("  peak memory, all processes (PSS)", fmt_mb(result["pss"]), "≤ 400 MB")
        row("  peak memory, main process (RSS)", fmt_mb(result["rss"]))
        shutil.rmtree(big, ignore_errors=True)

    load_after = os.getloadavg()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    header = (f"{platform.node()}: {cpus} cores, Python {platform.python_version()}, "
              f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
              f"{time.strftime('%Y-%m-%d %H:%M')}")
    table = ["| measure | result | target |", "|---|---|---|"]
    table += [f"| {w} | {v} | {t} |" for w, v, t in rows]
    text = "\n".join([header, "", *table]) + "\n"
    (WORK / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
