"""Issue 16, processes: kill -9 or SIGTERM of `extract` leaves no worker, forkserver or resource tracker
behind, and SIGTERM cleans up as Ctrl-C does (item 14)."""

import os
import signal
import subprocess
import sys
import time

import pytest
from attacks_common import PROFILES, ROOT, alive, descendants, seed_copies


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory):
    """Enough text that two workers extract it for much longer than the test waits."""
    return seed_copies(tmp_path_factory.mktemp("long"), 60)


def _start(corpus, out):
    proc = subprocess.Popen([sys.executable, "-m", "zoneprofile", "extract", corpus, "--profiles", PROFILES,
                             "-o", out, "-j", "2", "--no-cache"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while len(descendants(proc.pid)) < 4 and time.time() < deadline:  # tracker, forkserver, two workers
        time.sleep(0.05)
    below = descendants(proc.pid)
    assert len(below) >= 3, "the workers never started"
    time.sleep(0.5)  # they are extracting
    return proc, below


def _gone(pids, timeout=15) -> set[int]:
    deadline = time.time() + timeout
    while time.time() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return {p for p in pids if alive(p)}


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_item14_no_process_outlives_a_killed_extract(tmp_path, long_corpus, sig):
    out = tmp_path / "facts.csv"
    proc, below = _start(long_corpus, out)
    try:
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
        left = _gone(below)
    finally:
        for pid in below:  # never leave one behind, even when the test fails
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    assert left == set(), f"still running after {sig.name}: {sorted(left)}"
    if sig == signal.SIGTERM:  # as Ctrl-C: a message, an exit code, nothing half-written
        err = proc.stderr.read()
        assert code == 128 + 15 and "stopped (SIGTERM)" in err and "Traceback" not in err
        assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".facts.csv.")]
