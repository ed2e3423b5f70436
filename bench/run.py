"""zoneprofile's benchmark: one command, one table.

    .venv/bin/python bench/run.py                 # ~10 minutes on 2 cores
    .venv/bin/python bench/run.py --quick         # skips the 10,000-document memory run
    .venv/bin/python bench/run.py --baseline DIR  # also measures the code in DIR (a checkout of another
                                                  # commit: git archive REV | tar -x -C DIR), same rounds

Every command runs in a fresh process. Times are measured in rounds: each round runs the
reference and the commands compared with it back to back, so a ratio is taken between runs
that saw the same machine (a VM shared with other work: load comes and goes); the table gives
the minimum and the median over the rounds, of the times and of the ratios.

The brief (rows "brief: ..."), against `weasyprint` alone on the brief's own HTML (the
`weasyprint` command in a new process, that HTML written by `brief --html`: WeasyPrint's own
work, the floor of a brief):

- cold: an empty cache (no facts, no word counts, no compiled templates, no PDFs), new process;
- warm, changed template: the facts cached, a template of the brief edited (a user templates
  folder whose brief.html changes every run), so the PDF is rendered again;
- unchanged re-run: the same command again; the same bytes are written without WeasyPrint;
- two short articles (tests/other_zones 000 and 001, 2 zones, 3 pages): the fixed cost, the
  brief's time less that of `weasyprint` alone on its HTML, warm and cold;
- several briefs in one run (`brief --against`) against one run per brief;
- peak memory (PSS of the whole process tree, sampled every 50 ms, in runs of their own: the sampling
  takes CPU from a timed run); `zoneprofile --help`;
- where a serial cold brief's time goes, step by step (bench/brief_steps.py).

Extraction: a corpus of 2,000 documents (~6 MB) made from the seeds and the tests' texts with
variations (bench/corpus.py): `zoneprofile extract` with an empty cache (the whole process)
against jieba.lcut over the same texts in one process (dictionary loaded beforehand, files read
beforehand: segmentation alone), paired in rounds; the second, unchanged run; peak memory.
Then 10,000 documents (~30 MB): time and peak memory.

Prints one Markdown table and writes it to output/bench/results.md with the machine's details.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
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
WEASYPRINT = [sys.executable, "-m", "weasyprint"]
OTHER = ROOT / "tests" / "other_zones"
SHORT_TEXTS = ("000_suzhou_snd.txt", "001_jiangyin_lingang.txt")
SHORT_ZONES = "suzhou-hi-tech-zone,jiangyin-lingang-new-town"


def env(code: Path | None = None, **extra) -> dict:
    e = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTHONPATH")}
    e["ZONEPROFILE_CACHE_DIR"] = str(CACHE)
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    if code is not None:  # another checkout's code first (--baseline)
        e["PYTHONPATH"] = str(code / "src")
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


def run(cmd: list, memory: bool = False, check: bool = True, **kwargs) -> dict:
    """Run a command; its wall time and, if asked, the peak memory of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env=kwargs.pop("env", None) or env(), **kwargs)
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


def pdf_pages(path: Path) -> str:
    if not _has("pypdf"):
        return "?"
    return run([sys.executable, "-c", "import sys, pypdf; print(len(pypdf.PdfReader(sys.argv[1]).pages))",
                str(path)])["stdout"].strip()


# ---------------------------------------------------------------- the table
class Table:
    def __init__(self):
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, low: str, mid: str = "", target: str = "", met: bool | None = None) -> None:
        mark = "" if met is None else ("yes" if met else "**no**")
        self.rows.append((what, low, mid, target, mark))
        print(f"  {what}: {low}  {mid}  {target} {mark}", file=sys.stderr, flush=True)

    def seconds(self, what: str, values: list[float], target: float | None = None, prefix: str = "") -> None:
        low, mid = min(values), statistics.median(values)
        self.add(what, f"{low:.2f} s", f"{mid:.2f} s", f"≤ {prefix}{target} s" if target is not None else "",
                 None if target is None else mid <= target)

    def ratio(self, what: str, values: list[float], target: float | None = None, unit: str = "×") -> None:
        low, mid = min(values), statistics.median(values)
        self.add(what, f"{low:.2f} {unit}", f"{mid:.2f} {unit}", f"≤ {target} {unit}" if target is not None else "",
                 None if target is None else mid <= target)

    def markdown(self) -> list[str]:
        out = ["| measure | min | median | target | met (median) |", "|---|---|---|---|---|"]
        return out + [f"| {' | '.join(r)} |" for r in self.rows]


# ---------------------------------------------------------------- the brief
def brief_rounds(table: Table, repeat: int, baseline: Path | None) -> None:
    seeds, profiles = ROOT / "seeds", ROOT / "profiles"
    short = WORK / "short"
    shutil.rmtree(short, ignore_errors=True)
    short.mkdir(parents=True)
    for name in SHORT_TEXTS:
        shutil.copyfile(OTHER / "texts" / name, short / name)
    edited = WORK / "edited-templates"
    edited.mkdir(parents=True, exist_ok=True)
    edits = iter(range(1, 1_000_000))

    def edit() -> None:  # an analyst changing the brief's template
        (edited / "brief.html").write_text(
            '{% extends "default:brief.html" %}\n'
            f"{{% block header %}}{{{{ super() }}}}<!-- edit {next(edits)} -->{{% endblock %}}\n", encoding="utf-8")

    out = WORK / "brief.pdf"
    seeds_brief = ZP + ["-q", "brief", seeds, "--profiles", profiles, "-o", out]
    short_brief = ZP + ["-q", "brief", short, "--profiles", OTHER / "profiles", "--zones", SHORT_ZONES,
                        "-o", WORK / "short.pdf"]
    # the briefs' own HTML, for `weasyprint` alone
    html, short_html = WORK / "brief.html", WORK / "short.html"
    run(seeds_brief + ["--no-cache", "--html", html])
    run(short_brief + ["--no-cache", "--html", short_html])
    alone = lambda page, pdf: run(WEASYPRINT + [page, pdf])["wall"]  # noqa: E731

    names = ("help", "wp", "cold", "warm", "rerun", "wp_short", "short_warm", "short_cold")
    times: dict[str, list[float]] = {n: [] for n in names}
    if baseline is not None:
        for n in ("base_cold", "base_warm", "base_rerun"):
            times[n] = []
    peaks = {"cold": 0, "warm": 0}
    edit()
    run(seeds_brief + ["--templates", edited])  # the disk's and the OS's caches warm, once
    for r in range(repeat):
        print(f"brief, round {r + 1} of {repeat} ...", file=sys.stderr, flush=True)
        times["help"].append(run(ZP + ["--help"])["wall"])
        times["wp"].append(alone(html, WORK / "alone.pdf"))
        shutil.rmtree(CACHE, ignore_errors=True)
        times["cold"].append(run(seeds_brief)["wall"])
        edit()
        run(seeds_brief + ["--templates", edited])  # not timed: the built-in templates compiled once
        times["rerun"].append(run(seeds_brief)["wall"])
        edit()
        times["warm"].append(run(seeds_brief + ["--templates", edited])["wall"])
        times["wp_short"].append(alone(short_html, WORK / "alone-short.pdf"))
        shutil.rmtree(CACHE, ignore_errors=True)
        times["short_cold"].append(run(short_brief + ["--templates", edited])["wall"])
        edit()
        times["short_warm"].append(run(short_brief + ["--templates", edited])["wall"])
        if baseline is not None:  # the other checkout, in the same round (its own cache keys)
            shutil.rmtree(CACHE, ignore_errors=True)
            base = [sys.executable, "-m", "zoneprofile", "-q", "brief", seeds, "--profiles", profiles, "-o", out]
            times["base_cold"].append(run(base, env=env(baseline))["wall"])
            edit()
            times["base_warm"].append(run(base + ["--templates", edited], env=env(baseline))["wall"])
            times["base_rerun"].append(run(base, env=env(baseline))["wall"])

    # peak memory in runs of their own: sampling /proc takes CPU from the timed runs
    shutil.rmtree(CACHE, ignore_errors=True)
    peaks["cold"] = run(seeds_brief, memory=True)["pss"]
    edit()
    peaks["warm"] = run(seeds_brief + ["--templates", edited], memory=True)["pss"]
    t = {n: v for n, v in times.items()}
    per = lambda a, b: [x / y for x, y in zip(t[a], t[b])]  # noqa: E731
    less = lambda a, b: [x - y for x, y in zip(t[a], t[b])]  # noqa: E731
    table.seconds("`zoneprofile --help`", t["help"], 0.1)
    table.seconds("`weasyprint` alone on the seeds' brief HTML (the reference)", t["wp"])
    table.seconds("brief of the seeds, cold (empty cache, new process)", t["cold"])
    table.ratio("  ratio to `weasyprint` alone", per("cold", "wp"), 1.3)
    table.seconds("brief of the seeds, warm, a template changed", t["warm"])
    table.ratio("  ratio to `weasyprint` alone", per("warm", "wp"), 1.15)
    table.seconds("brief of the seeds, unchanged re-run (the PDF from the cache)", t["rerun"])
    table.ratio("  ratio to `weasyprint` alone", per("rerun", "wp"), 0.3)
    if baseline is not None:
        table.ratio("  baseline code: cold, ratio to `weasyprint` alone", per("base_cold", "wp"))
        table.ratio("  baseline code: warm, a template changed, ratio", per("base_warm", "wp"))
        table.ratio("  baseline code: unchanged re-run, ratio", per("base_rerun", "wp"))
    table.add("  peak memory (PSS, all processes): cold; warm", f"{peaks['cold'] / 1e6:.0f} MB",
              f"{peaks['warm'] / 1e6:.0f} MB", "≤ 300 MB", max(peaks.values()) <= 300e6)
    table.add("  pages of the brief; HarfBuzz-subset found", f"{pdf_pages(out)}; " + (
        "yes" if "True" in run([sys.executable, "-c", "from zoneprofile.render.pdf import harfbuzz_subset_available "
                                "as h; print(h())"])["stdout"] else "NO"))
    table.seconds("`weasyprint` alone on the short brief's HTML", t["wp_short"])
    table.seconds("brief of two short articles, warm, a template changed", t["short_warm"])
    table.seconds("  fixed cost (less `weasyprint` alone)", less("short_warm", "wp_short"), 0.5)
    table.seconds("brief of two short articles, cold", t["short_cold"])
    table.seconds("  fixed cost (less `weasyprint` alone)", less("short_cold", "wp_short"))
    table.add("  pages of the short brief", pdf_pages(WORK / "short.pdf"))


def several_briefs(table: Table, repeat: int) -> None:
    """brief --against one zone of tests/other_zones (4 briefs) in one run, against one run per
    brief; the facts cached, the templates edited before each (every PDF is rendered)."""
    texts, profiles = OTHER / "texts", OTHER / "profiles"
    reference = "suzhou-hi-tech-zone"
    others = sorted(p.stem for p in profiles.glob("*.yaml") if p.stem != reference)
    edited = WORK / "edited-templates"
    folder = WORK / "several"
    shutil.rmtree(folder, ignore_errors=True)
    common = ZP + ["-q", "brief", texts, "--profiles", profiles, "--templates", edited]
    run(common + ["-o", folder / "warm-up.pdf"])  # the facts cached
    one, each = [], []
    for r in range(repeat):
        (edited / "brief.html").write_text('{% extends "default:brief.html" %}\n'
                                           f"{{% block header %}}{{{{ super() }}}}<!-- several {r} -->{{% endblock %}}\n",
                                           encoding="utf-8")
        one.append(run(common + ["--against", reference, "-o", folder / f"one-{r}" / "{zones}.pdf"])["wall"])
        (edited / "brief.html").write_text('{% extends "default:brief.html" %}\n'
                                           f"{{% block header %}}{{{{ super() }}}}<!-- each {r} -->{{% endblock %}}\n",
                                           encoding="utf-8")
        each.append(sum(run(common + ["--zones", f"{reference},{z}", "-o", folder / f"each-{r}-{z}.pdf"])["wall"]
                        for z in others))
    table.seconds(f"{len(others)} briefs (`brief --against`, tests/other_zones), one run", one)
    table.seconds(f"  the same {len(others)} briefs, one run each", each)


def brief_steps(table: Table, repeat: int) -> None:
    seeds, profiles = ROOT / "seeds", ROOT / "profiles"
    steps = min((json.loads(run([sys.executable, str(ROOT / "bench" / "brief_steps.py"), str(seeds), str(profiles),
                                 str(WORK / "steps.pdf")])["stdout"]) for _ in range(repeat)),
                key=lambda s: s["total in process"])
    start = min(run([sys.executable, "-c", "pass"])["wall"] for _ in range(repeat))
    table.add("where a serial cold brief's time goes (`--jobs 0 --no-cache`, best of the runs):", "")
    table.add("  python start", f"{start:.2f} s")
    for name, seconds in steps.items():
        if name != "total in process":
            table.add(f"  {name}", f"{seconds:.2f} s")
    table.add("  sum, one process, nothing overlapped", f"{steps['total in process'] + start:.2f} s")


# ---------------------------------------------------------------- extraction
def extraction(table: Table, docs: int, repeat: int, memory_docs: int | None, baseline: Path | None) -> None:
    profiles = ROOT / "profiles"
    print(f"building {docs} documents ...", file=sys.stderr)
    big = WORK / "corpus"
    n, size = corpus_builder.build(big, docs)
    out = WORK / "facts.csv"
    extract = ZP + ["-q", "extract", big, "--profiles", profiles, "-o", out]
    lcuts, firsts, bases = [], [], []

    def empty_cache_run(code: Path | None) -> dict:
        shutil.rmtree(CACHE, ignore_errors=True)
        return run(extract, env=env(code))

    for r in range(repeat):  # paired: jieba.lcut, then the command (and the baseline's), each round
        print(f"extraction, round {r + 1} of {repeat} ...", file=sys.stderr, flush=True)
        lcuts.append(lcut_seconds(big))
        if baseline is not None and r % 2:  # the two codes take turns to go first
            bases.append(empty_cache_run(baseline))
        firsts.append(empty_cache_run(None))
        if baseline is not None and not r % 2:
            bases.append(empty_cache_run(baseline))
    seconds = [lc["seconds"] for lc in lcuts]
    shutil.rmtree(CACHE, ignore_errors=True)
    peak = run(extract, memory=True)["pss"]  # a run of its own; it fills the cache for the second runs
    second = [run(extract)["wall"] for _ in range(repeat)]
    facts = re.search(r"(\d+) facts", run(ZP + ["extract", big, "--profiles", profiles, "-o", out])["stderr"])
    table.add(f"corpus: {n} documents, {size / 1e6:.1f} MB", f"{facts.group(1) if facts else '?'} facts")
    best = min(lcuts, key=lambda lc: lc["seconds"])
    table.seconds(f"`jieba.lcut` over the texts, one process (segmentation only; best "
                  f"{best['bytes'] / 1e6 / best['seconds']:.2f} MB/s)", seconds)
    table.seconds("`extract`, empty cache, whole command", [f["wall"] for f in firsts])
    table.ratio("  ratio to `jieba.lcut` (paired)", [f["wall"] / s for f, s in zip(firsts, seconds)], 1.5)
    if bases:
        table.ratio("  baseline code: ratio to `jieba.lcut` (paired)", [b["wall"] / s for b, s in zip(bases, seconds)])
        table.ratio("  this code against the baseline (paired)", [f["wall"] / b["wall"] for f, b in zip(firsts, bases)])
    table.add("  peak memory, all processes (PSS; a run of its own)", f"{peak / 1e6:.0f} MB")
    table.seconds("`extract`, second run, unchanged corpus", second)
    table.ratio("  ratio to the first run", [100 * s / statistics.median([f["wall"] for f in firsts]) for s in second],
                10, "%")

    if memory_docs:
        print(f"building {memory_docs} documents ...", file=sys.stderr)
        n, size = corpus_builder.build(big, memory_docs, seed=2)
        shutil.rmtree(CACHE, ignore_errors=True)
        lcut = lcut_seconds(big)
        result = run(extract, memory=True)
        table.add(f"{n} documents, {size / 1e6:.1f} MB: `extract`, empty cache",
                  f"{result['wall']:.2f} s ({result['wall'] / lcut['seconds']:.2f} × lcut)")
        table.add("  peak memory, all processes (PSS)", f"{result['pss'] / 1e6:.0f} MB", "", "≤ 400 MB",
                  result["pss"] <= 400e6)
        table.add("  peak memory, main process (RSS)", f"{result['rss'] / 1e6:.0f} MB")
    shutil.rmtree(big, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="zoneprofile's benchmark")
    parser.add_argument("--docs", type=int, default=2000, help="documents in the extraction corpus")
    parser.add_argument("--memory-docs", type=int, default=10000, help="documents in the memory run")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the brief's measures")
    parser.add_argument("--extract-repeat", type=int, default=3, help="rounds of the extraction's measures")
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-document memory run")
    parser.add_argument("--only", choices=("brief", "extract"), default=None, help="measure only this part")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout of another commit (its src/ is put first on PYTHONPATH): its brief and "
                             "extraction are measured in the same rounds, for a regression check")
    args = parser.parse_args()
    if args.baseline is not None and not (args.baseline / "src" / "zoneprofile").is_dir():
        parser.error(f"{args.baseline}: no src/zoneprofile in it")
    WORK.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    table = Table()
    if args.only != "extract":
        brief_rounds(table, args.repeat, args.baseline)
        several_briefs(table, max(1, args.repeat // 2))
        brief_steps(table, min(args.repeat, 3))
    if args.only != "brief":
        extraction(table, args.docs, args.extract_repeat, None if args.quick else args.memory_docs, args.baseline)
    load_after = os.getloadavg()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    header = (f"{platform.node()}: {cpus} cores, Python {platform.python_version()}, "
              f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
              f"{time.strftime('%Y-%m-%d %H:%M')}; `bench/run.py {' '.join(sys.argv[1:])}`".rstrip())
    text = "\n".join([header, "", *table.markdown()]) + "\n"
    (WORK / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
