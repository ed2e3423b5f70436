"""Where extraction runs: this process, a local process pool, or a dask.distributed cluster."""

from __future__ import annotations

import multiprocessing
import os

from zoneprofile.errors import UsageError, ZoneprofileError
from zoneprofile.run import worker
from zoneprofile.run.worker import worker_init, worker_warm

# one more worker per this many bytes of corpus, up to the number of cores
BYTES_PER_WORKER = 1 << 20
CONNECT_SECONDS = 8  # a --scheduler that does not answer within this is an error, not a wait


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def choose_jobs(jobs: int | None, corpus_bytes: int) -> int:
    """Worker processes to use: `jobs` as given, else one per core, fewer for a small corpus
    (a pool starts by loading jieba, ~1 s, and a second worker pays off only past ~1 MB)."""
    if jobs is not None:
        if jobs < 0:
            raise ZoneprofileError(f"--jobs must be 0 (no worker processes) or more, not {jobs}")
        return jobs
    return max(1, min(cpu_count(), 1 + corpus_bytes // BYTES_PER_WORKER))


class DaskPool:
    """The dask engine: the same task function (worker_extract) on a dask.distributed cluster,
    behind the two methods extract_parts uses of a process pool (submit, shutdown). dask is
    imported here only (the [scale] extra)."""

    def __init__(self, scheduler: str | None):
        import logging

        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ZoneprofileError("--engine dask needs dask.distributed: pip install 'zoneprofile[scale]'") from None
        for name in list(logging.root.manager.loggerDict):  # their INFO lines are not ours to print
            if name.split(".")[0] in ("distributed", "dask", "tornado", "bokeh"):
                logger = logging.getLogger(name)
                if logger.level < logging.WARNING:
                    logger.setLevel(logging.WARNING)
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=CONNECT_SECONDS)
            except ValueError as exc:  # not an address
                raise UsageError(f"--scheduler {scheduler!r}: {exc}; give an address such as tcp://10.0.0.5:8786") from None
            except (OSError, TimeoutError) as exc:
                raise ZoneprofileError(f"--scheduler {scheduler!r}: no dask scheduler answered "
                                       f"({' '.join(str(exc).split())[:160]})") from None
        else:
            self.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def start_method() -> str:
    # fork: workers start at once and share what the main process has loaded; else spawn
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def start_pool(workers: int):
    """A pool of `workers` extraction processes. It is started only once the cache has been asked
    (stream.extract_parts: at the first document it does not answer), so a run the cache answers
    starts none; a worker loads jieba as it starts."""
    from concurrent.futures import ProcessPoolExecutor

    # Two or more workers fork from a forkserver that loaded jieba (zoneprofile.run.preload),
    # so they share its ~150 MB; it is stopped with the pool. Loading jieba in this process and
    # forking would share it too, but this process would keep it to the end, when the table and
    # the output need the memory (measured for 10,000 documents: 510 MB at the peak, against
    # ~395 MB with each worker loading its own and ~340 MB with the forkserver).
    if workers > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["zoneprofile.run.preload"])
    else:
        context = multiprocessing.get_context(start_method())
        worker.PARENT = os.getpid()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=worker_init)
    if context.get_start_method() != "forkserver":
        pool.submit(worker_warm)  # forks now: jieba loads while this process reads on
    return pool


def stop_pool(pool, failed: bool) -> None:
    if failed:  # Ctrl-C or an error: stop the workers now, not after their tasks
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    else:
        pool.shutdown(wait=True)
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()  # and the process that forked them, with its copy of jieba

