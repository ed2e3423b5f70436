"""Where the time of one cold `zoneprofile brief` goes, step by step, in one process.

    python bench/brief_steps.py CORPUS PROFILES OUT.pdf

Run by bench/run.py in a fresh process. Imports are timed one group at a time, then the
command runs in this process with jobs=0 and no cache (so every step is serial and can be
attributed; the real command overlaps the worker's jieba load and extraction with the WeasyPrint
import), with the steps' functions wrapped in timers. Prints one JSON object: seconds per step.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict

T0 = time.perf_counter()
spent: dict[str, float] = defaultdict(float)


def timed(owner, name: str, step: str) -> None:
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[step] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def importing(step: str, load) -> None:
    start = time.perf_counter()
    load()
    spent[step] += time.perf_counter() - start


def main() -> None:
    corpus, profiles, out = sys.argv[1:4]
    importing("import: click + zoneprofile CLI", lambda: __import__("zoneprofile.cli"))
    importing("import: brief modules (compare, extraction patterns)", lambda: __import__("zoneprofile.render.brief"))
    from zoneprofile.lang import dictionary

    importing("import: jieba + POS tables + dictionary (lang/snapshot.py)", dictionary._posseg)
    from zoneprofile.render import pdf

    importing("import: WeasyPrint + fonts", pdf.warm_up)

    import weasyprint.document

    from zoneprofile.extract import document as extract
    from zoneprofile.render import brief

    timed(dictionary, "prepare_dictionary", "jieba dictionary: the zone names")
    timed(extract, "extract_document", "extraction")
    timed(brief, "build_context", "compare (context)")
    timed(brief, "render_html", "HTML (Jinja2)")
    timed(weasyprint.HTML, "render", "HTML→PDF: layout")
    timed(weasyprint.document.Document, "write_pdf", "HTML→PDF: PDF write")
    timed(pdf, "check_fonts", "font checks (fc-list)")
    from zoneprofile.cli import main as cli_main

    start = time.perf_counter()
    try:
        cli_main(["-q", "brief", corpus, "--profiles", profiles, "-o", out, "--jobs", "0", "--no-cache"])
    except SystemExit as exc:
        if exc.code:
            raise
    command = time.perf_counter() - start
    steps = dict(spent)  # none of the wrapped steps runs inside another
    steps["other (reading, tables, files)"] = command - sum(
        v for k, v in spent.items() if not k.startswith("import"))
    steps["total in process"] = time.perf_counter() - T0
    print(json.dumps(steps, ensure_ascii=False))


if __name__ == "__main__":
    main()
