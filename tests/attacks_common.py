"""What the attack tests of issue 16 share: the command line run in this process or in another one
(with a timeout, for anything that once hung), a small corpus, and a process's descendants."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from conftest import PROFILES, ROOT, SEEDS

SEEDS_ARGS = (SEEDS, "--profiles", PROFILES)  # the seeds as a command's corpus

TEXTS = {
    "a.txt": "镇江新区简讯\n\n镇江新区今年新增企业20家，授信19.3亿元。\n镇江高新区新增项目35个，总投资超过120亿元。\n",
    "b.txt": "镇江高新区动态\n\n镇江高新区位列全省第5位，新增就业1200人。\n某地今年新增企业7家。\n",
}


def small_corpus(folder: Path, texts: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (texts or TEXTS).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def seed_copies(folder: Path, times: int) -> Path:
    """`folder` holding every seed `times` over (00_x.txt, 01_x.txt …): a corpus that takes a while."""
    for i in range(times):
        for seed in sorted(SEEDS.glob("*.txt")):
            (folder / f"{i:02d}_{seed.name}").write_bytes(seed.read_bytes())
    return folder


def zp(*args) -> tuple[int, str]:
    """The command line in this process: (exit code, what it wrote on stderr)."""
    from zoneprofile.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


def zp_process(*args, timeout: float = 60, env: dict | None = None, cwd=ROOT) -> subprocess.CompletedProcess:
    """The command line in another process, killed (and the test failed by TimeoutExpired) past `timeout`."""
    return subprocess.run([sys.executable, "-m", "zoneprofile", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env={**os.environ, **(env or {})})


def one_line_error(code: int, err: str, expected_code: int = 1) -> str:
    """The error line of a failed command, checked to be one line without a traceback."""
    lines = [line for line in err.splitlines() if line.startswith("zoneprofile: error:")]
    assert code == expected_code, err
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, grandchildren …), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


__all__ = ["PROFILES", "ROOT", "SEEDS", "SEEDS_ARGS", "TEXTS", "alive", "descendants", "one_line_error", "small_corpus", "zp", "zp_process"]
