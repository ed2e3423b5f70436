"""The numbered steps, in one place:

  0 profiles   load and validate profiles/               (profiles.py)
  1 read       decode every *.txt of the corpus          (corpus.py)
  2 segment    paragraphs and sentences as offsets        (segment.py)
  3 attribute  each sentence to a zone                    (attribute.py)
  4 extract    facts, one row each, in a DataFrame        (extract.py, facts.py)
  5 compare    align the zones' facts side by side        (compare.py)
  6 render     Jinja2 templates → HTML → WeasyPrint PDF   (render.py)

Steps 1-4 stream: documents are read one at a time, looked up in the cache
(cache.py), and the rest extracted in this process (jobs=0) or in a pool of
worker processes (extraction is a pure function of a document and the
profiles). Facts come back in corpus order whatever the pool does, the same as
in one process. Only the facts are kept, packed, until the table is built; the
texts too when asked (keep_docs), as the brief quotes them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from zoneprofile.corpus import Document, list_texts, read_corpus
from zoneprofile.errors import ConfigError, CorpusError, ZoneprofileError

if TYPE_CHECKING:
    from zoneprofile.cache import FactCache
    from zoneprofile.profiles import Profile

# a task for a worker: documents up to this many characters (or this many documents)
BATCH_CHARS = 40_000
BATCH_DOCS = 64
# one more worker per this many bytes of corpus, up to the number of cores
BYTES_PER_WORKER = 1 << 20


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


def _fields() -> list[str]:
    """facts.COLUMNS, without importing pandas."""
    from dataclasses import fields

    from zoneprofile.extract import Fact

    return [f.name for f in fields(Fact)]


def _row_getter():
    return attrgetter(*_fields())


class _Extractor:
    """Extraction of one document as rows (tuples in the order of facts.COLUMNS); jieba's
    dictionary is loaded on first use, so a run that the cache answers never loads it."""

    def __init__(self, profiles: list[Profile]):
        self.profiles = profiles
        self.matcher = None
        self.row = None
        self.exclude = None  # the zone names' words, left out of word counts (set on first use)

    def prepare(self) -> None:
        if self.matcher is None:
            from zoneprofile.attribute import ZoneMatcher
            from zoneprofile.metric import prepare_dictionary

            prepare_dictionary(self.profiles)
            self.matcher = ZoneMatcher(self.profiles)
            self.row = _row_getter()

    def rows(self, doc: Document) -> list[tuple]:
        from zoneprofile.extract import extract_document

        self.prepare()
        return [self.row(f) for f in extract_document(doc, self.profiles, self.matcher)]

    def extras(self, doc: Document) -> tuple[tuple, list[tuple[str, str, int]]]:
        """What a brief needs of a document beside its facts: its DocumentInfo (as a tuple, the
        title falling back to the first line as compare.document_title does) and its word counts
        per zone, as (zone, word, count) rows."""
        from dataclasses import astuple, replace

        from zoneprofile.compare import document_title
        from zoneprofile.extract import describe_document

        info = describe_document(doc)
        info = astuple(replace(info, title=info.title or document_title(doc)))
        return info, self.word_rows(doc)

    def word_rows(self, doc: Document) -> list[tuple[str, str, int]]:
        """The document's content words per zone (vocabulary.word_counts) as (zone, word, count) rows."""
        from zoneprofile.vocabulary import excluded_words, word_counts

        self.prepare()  # the dictionary first: the zone names are whole words to exclude
        if self.exclude is None:
            self.exclude = excluded_words(self.profiles)
        counts = word_counts([doc], self.profiles, self.matcher, self.exclude)
        return [(zone, word, n) for zone, counter in counts.items() for word, n in sorted(counter.items())]


# ---------------------------------------------------------------- worker processes
_WORKER: _Extractor | None = None


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle


def _worker_warm() -> None:
    """Load jieba and its dictionary (what does not depend on the profiles)."""
    from zoneprofile.metric import _load_terms

    _load_terms()
    _row_getter()


def _worker_extract(profiles: list[Profile], batch: list[Document], extras: bool = False) -> list:
    """The task: a batch of documents → per document its facts, packed (with extras: a tuple
    (packed facts, document info, word counts), see _Extractor.extras)."""
    global _WORKER
    from zoneprofile.cache import pack

    if _WORKER is None or _WORKER.profiles != profiles:
        _WORKER = _Extractor(profiles)
    if extras:
        return [(pack(_WORKER.rows(doc)), *_WORKER.extras(doc)) for doc in batch]
    return [pack(_WORKER.rows(doc)) for doc in batch]


class _DaskPool:
    """The dask engine: the same task function (_worker_extract) on a dask.distributed cluster,
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
            self.client = Client(scheduler)
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


def _start_method() -> str:
    # fork: workers start at once and share what the main process has loaded; else spawn
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


# a worker started ahead of need (prestart_worker), and the pool it is in
_PRESTARTED = None


def prestart_worker() -> None:
    """Start one worker process now and have it load jieba (~0.8 s), while this process goes on
    importing pandas and WeasyPrint: the first pool of one worker is then this one. The CLI
    calls it for the brief, whose corpora are small and whose start-up is felt; if the cache
    answers everything, or the corpus wants more workers, it is stopped unused."""
    global _PRESTARTED
    if _PRESTARTED is None and _start_method() == "fork":
        from concurrent.futures import ProcessPoolExecutor

        _PRESTARTED = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                          initializer=_worker_init)
        _PRESTARTED.submit(_worker_warm)  # forks here


def discard_prestarted() -> None:
    global _PRESTARTED
    if _PRESTARTED is not None:
        pool, _PRESTARTED = _PRESTARTED, None
        _stop_pool(pool, failed=True)


def _start_pool(workers: int):
    from concurrent.futures import ProcessPoolExecutor

    global _PRESTARTED
    if _PRESTARTED is not None:
        if workers == 1:
            pool, _PRESTARTED = _PRESTARTED, None
            return pool
        discard_prestarted()
    # Two or more workers fork from a forkserver that loaded jieba (zoneprofile.worker_preload),
    # so they share its ~150 MB; it is stopped with the pool. Loading jieba in this process and
    # forking would share it too, but this process would keep it to the end, when the table and
    # the output need the memory (measured for 10,000 documents: 510 MB at the peak, against
    # ~395 MB with each worker loading its own and ~340 MB with the forkserver).
    if workers > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["zoneprofile.worker_preload"])
    else:
        context = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)
    return pool


def _stop_pool(pool, failed: bool) -> None:
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


# ---------------------------------------------------------------- progress
class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(enabled: bool, total: int):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread (the pool forks)
    # shown only once the run has taken a second
    return tqdm(total=total, unit="doc", desc="extracting", file=sys.stderr, delay=1.0, leave=False,
                dynamic_ncols=True)


# ---------------------------------------------------------------- steps 1-4
def _unpacked(part) -> list:
    """A document's rows, as the workers and the cache pass them (packed) or as they are."""
    from zoneprofile.cache import unpack

    if not isinstance(part, bytes):
        return part
    try:
        return unpack(part)
    except Exception as exc:
        raise ZoneprofileError(f"the extraction cache is damaged ({exc}); rerun with --no-cache, "
                               "or delete the cache folder") from None


@dataclass
class Extraction:
    """What steps 1-4 found: per document, in corpus order, its facts (rows in the order of
    facts.COLUMNS, or packed as the cache and the workers pass them); the documents (or their
    names); the cache keys when a cache was used; how many documents were extracted, not cached."""

    parts: list
    docs: list
    keys: list[bytes] | None
    extracted: int
    extras: list | None = None  # with extras=True: per document (DocumentInfo tuple, word count rows)

    def columns(self) -> dict[str, list]:
        """The facts as one list per field (the order of facts.COLUMNS), the parts let go as they
        are read: no second copy of the facts as row tuples (~40 MB less for 10,000 documents)."""
        names = _fields()
        columns: list[list] = [[] for _ in names]
        appends = [c.append for c in columns]
        for i, part in enumerate(self.parts):
            part = _unpacked(part)
            self.parts[i] = None
            for row in part:
                for append, value in zip(appends, row):
                    append(value)
        return dict(zip(names, columns))

    def rows(self):
        """The facts again, as row lists a document at a time (the parts are kept: for another pass)."""
        for part in self.parts:
            yield _unpacked(part)

    def frame(self):
        from zoneprofile.facts import columns_to_frame

        return columns_to_frame(self.columns())


def extract_corpus(corpus: str | Path, profiles: list[Profile], manifest: dict[str, dict] | None = None, *,
                   jobs: int | None = 0, cache=None, progress: bool = False, keep_docs: bool = True,
                   while_waiting: Callable[[], None] | None = None):
    """Steps 1-4 over a corpus: (fact table, documents read).

    jobs: worker processes (0: extract in this process; None: choose by corpus size and cores).
    cache: a cache.FactCache, or None. progress: show a progress bar on stderr.
    keep_docs: return the Documents (texts included); else only their names, and no text is kept.
    while_waiting: called once, when every document has been handed out to worker processes and
    this one would only wait (the CLI imports what it needs next meanwhile); not called when no
    worker has anything to do.
    """
    found = extract_parts(corpus, profiles, manifest, jobs=jobs, cache=cache, progress=progress,
                          keep_docs=keep_docs, while_waiting=while_waiting)
    return found.frame(), found.docs


ENGINES = ("local", "dask")


def extract_parts(corpus: str | Path, profiles: list[Profile], manifest: dict[str, dict] | None = None, *,
                  jobs: int | None = 0, cache=None, progress: bool = False, keep_docs: bool = True,
                  while_waiting: Callable[[], None] | None = None, engine: str = "local",
                  scheduler: str | None = None, partitions: int | None = None,
                  select: Callable[[Document], bool] | None = None, extras: bool = False) -> Extraction:
    """extract_corpus without the table: an Extraction (pandas is not needed yet).

    engine: "local" (this process or a process pool, as `jobs` says) or "dask" (the same task
    function on dask.distributed: the cluster at `scheduler`, else a LocalCluster of 2 worker
    processes; the documents left to extract go out in `partitions` tasks, default one per
    BATCH_DOCS documents). Facts come back in corpus order whatever the engine.

    select: only the documents it accepts are extracted and returned (the fact store's changed ones).
    extras: also each document's info and word counts (Extraction.extras); the cache is not used."""
    from zoneprofile.cache import pack

    if engine not in ENGINES:
        raise ZoneprofileError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if partitions is not None and partitions < 1:
        raise ZoneprofileError(f"--partitions must be 1 or more, not {partitions}")
    batch_docs, batch_chars_max = BATCH_DOCS, BATCH_CHARS
    if engine == "dask":
        files = len(list_texts(corpus)[1])
        parts_wanted = partitions or max(1, -(-files // BATCH_DOCS))
        batch_docs, batch_chars_max = max(1, -(-files // parts_wanted)), float("inf")

    def corpus_bytes() -> int:  # listed again only when a pool is to be sized
        return sum(f.stat().st_size for f in list_texts(corpus)[1])

    workers = 0 if jobs == 0 and engine == "local" else None  # decided at the first document to extract
    extractor = _Extractor(profiles)
    if extras:
        cache = None
    more: list | None = [] if extras else None
    parts: list = []
    docs: list = []
    keys: list[bytes] | None = [] if cache is not None else None
    extracted = 0
    bar = _progress(progress, len(list_texts(corpus)[1]) if progress else 0)
    pool = None
    in_flight: deque = deque()
    batch: list[Document] = []
    batch_keys: list[tuple[int, bytes | None]] = []
    batch_chars = 0

    def submit() -> None:
        nonlocal pool, batch, batch_keys, batch_chars, workers
        if pool is None:
            pool = _DaskPool(scheduler) if engine == "dask" else _start_pool(workers)
            workers = getattr(pool, "workers", workers)
        in_flight.append((pool.submit(_worker_extract, profiles, batch, extras), batch_keys))
        batch, batch_keys, batch_chars = [], [], 0

    def collect() -> None:
        from concurrent.futures.process import BrokenProcessPool

        future, batch_of = in_flight.popleft()
        try:
            blobs = future.result()
            if not isinstance(blobs, list):  # a dask future's result, when it comes as a tuple
                blobs = list(blobs)
        except BrokenProcessPool:
            raise ZoneprofileError("a worker process died (out of memory?); "
                                   "rerun with --jobs 0 to extract in one process") from None
        for (i, key), blob in zip(batch_of, blobs):
            if extras:
                blob, info, words = blob
                more[i] = (info, words)
            parts[i] = blob
            if cache is not None:
                cache.put(key, blob)
            bar.update(1)

    failed = True
    try:
        for doc in read_corpus(corpus, manifest):
            if select is not None and not select(doc):
                continue
            i = len(parts)
            parts.append(None)
            if extras:
                more.append(None)
            docs.append(doc if keep_docs else doc.doc)
            key = cache.key(doc) if cache is not None else None
            blob = cache.get_packed(key) if cache is not None else None
            if keys is not None:
                keys.append(key)
            if blob is not None:
                parts[i] = blob
                bar.update(1)
                continue
            extracted += 1
            if workers is None:
                workers = 1 if engine == "dask" else choose_jobs(jobs, corpus_bytes())
            if workers == 0:
                parts[i] = extractor.rows(doc)
                if extras:
                    more[i] = extractor.extras(doc)
                if cache is not None:
                    cache.put(key, pack(parts[i]))
                bar.update(1)
            else:
                batch.append(doc)
                batch_keys.append((i, key))
                batch_chars += len(doc.text)
                if batch_chars >= batch_chars_max or len(batch) >= batch_docs:
                    submit()
                    while len(in_flight) > 2 * workers:  # a bounded queue: the corpus streams
                        collect()
        if batch:
            submit()
        if while_waiting is not None and in_flight:
            while_waiting()
        while in_flight:
            collect()
        if not docs and select is None:
            raise CorpusError(f"{corpus}: no file in the corpus could be read as text (see the warnings above)")
        failed = False
    finally:
        if pool is not None:
            _stop_pool(pool, failed)
        discard_prestarted()  # not needed after all
        bar.close()
        if cache is not None:
            cache.flush()
    return Extraction(parts, docs, keys, extracted, more)


@dataclass
class CommandOptions:
    """How the commands extract, as the command line sets it (cli.py: --jobs, --no-cache, a terminal
    for the progress bar). run_extract follows it; a library caller gets one process and no cache,
    or passes its own options to extract_corpus."""

    jobs: int | None = 0
    use_cache: bool = False
    progress: bool = False
    keep_docs: bool = True
    while_waiting: Callable[[], None] | None = None
    cache: FactCache | None = None  # the cache of the last run, for its numbers
    engine: str = "local"
    scheduler: str | None = None
    partitions: int | None = None


COMMAND = CommandOptions()


def load_inputs(corpus: str | Path, profiles_dir: str | Path) -> tuple[list[Profile], dict[str, dict]]:
    """The profiles and the corpus manifest, checked together: every problem in either
    (and a missing corpus) is reported at once, in one ConfigError."""
    from zoneprofile.corpus import read_manifest
    from zoneprofile.profiles import load_profiles

    problems: list[str] = []
    profiles: list[Profile] = []
    manifest: dict[str, dict] = {}
    try:
        profiles = load_profiles(profiles_dir)
    except ConfigError as exc:
        problems += exc.problems
    try:
        root, _ = list_texts(corpus)
        manifest = read_manifest(root)
    except ConfigError as exc:
        problems += exc.problems
    except CorpusError as exc:
        problems.append(str(exc))
    if problems:
        raise ConfigError(problems)
    return profiles, manifest


def _command_parts(corpus: str | Path, profiles_dir: str | Path, loaded=None) -> tuple[Extraction, list[Profile]]:
    profiles, manifest = loaded or load_inputs(corpus, profiles_dir)
    options = COMMAND
    options.cache = None
    if options.use_cache:
        from zoneprofile.cache import FactCache

        options.cache = FactCache(None, profiles)
    found = extract_parts(corpus, profiles, manifest, jobs=options.jobs, cache=options.cache,
                          progress=options.progress, keep_docs=options.keep_docs, while_waiting=options.while_waiting,
                          engine=options.engine, scheduler=options.scheduler, partitions=options.partitions)
    return found, profiles


def _close_cache() -> None:
    if COMMAND.cache is not None:
        COMMAND.cache.close()


def corpus_word_counts(docs: list[Document], profiles: list[Profile]) -> dict:
    """Per zone, a Counter of the content words of its sentences in `docs` (vocabulary.word_counts),
    summed from each document's counts, which the cache keeps beside its facts: a brief from a warm
    cache never loads jieba."""
    from collections import Counter

    counts: dict[str, Counter] = {p.id: Counter() for p in profiles}
    cache = None
    if COMMAND.use_cache:
        from zoneprofile.cache import FactCache

        cache = FactCache(None, profiles)
    extractor = _Extractor(profiles)  # loads jieba only for a document the cache does not answer
    try:
        for doc in docs:
            key = cache.key(doc) if cache is not None else None
            rows = cache.get_words(key) if cache is not None else None
            if rows is None:
                rows = extractor.word_rows(doc)
                if cache is not None:
                    cache.put_words(key, rows)
            for zone, word, n in rows:
                counts.setdefault(zone, Counter())[word] += n
    finally:
        if cache is not None:
            cache.close()
    return counts


def run_extract(corpus: str | Path, profiles_dir: str | Path, loaded=None) -> tuple:
    """Load the profiles and manifest (unless `loaded` gives them), then extract_corpus as COMMAND
    says: (fact table, documents, profiles)."""
    try:
        found, profiles = _command_parts(corpus, profiles_dir, loaded)
    finally:
        _close_cache()
    return found.frame(), found.docs, profiles


class _Tally:
    """summarize() of rows seen a document at a time, over the first pass through them only."""

    def __init__(self):
        self.passes = 0
        self.columns: dict[str, list] = {}

    def count(self, parts):
        self.passes += 1
        if self.passes > 1:
            yield from parts
            return
        names = _fields()
        picked = [names.index(n) for n in ("zone", "doc", "start", "text", "sentence")]
        self.columns = {n: [] for n in ("zone", "doc", "start", "text", "sentence")}
        for rows in parts:
            for row in rows:
                zone = row[picked[0]]
                self.columns["zone"].append(zone)
                if zone is None and len(self.columns["doc"]) < 10:  # the examples: the first ten
                    for name, i in zip(("doc", "start", "text", "sentence"), picked[1:]):
                        self.columns[name].append(row[i])
            yield rows

    def summary(self) -> dict:
        zones = self.columns.get("zone", [])
        none = sum(z is None for z in zones)
        c = self.columns
        return {"facts": len(zones), "zones": len({z for z in zones if z is not None}), "unattributed": none,
                "examples": [[c["doc"][i], c["start"][i], c["text"][i], c["sentence"][i][:40]]
                             for i in range(len(c.get("doc", [])))]}


# the report of an extraction: what `extract` and `brief` print (cli._report)
def summarize(columns: dict[str, list]) -> dict:
    """The facts, the zones and the facts without a zone (the first ten as examples)."""
    zones = columns["zone"]
    none = [i for i, zone in enumerate(zones) if zone is None]
    return {"facts": len(zones), "zones": len({z for z in zones if z is not None}), "unattributed": len(none),
            "examples": [[columns["doc"][i], columns["start"][i], columns["text"][i], columns["sentence"][i][:40]]
                         for i in none[:10]]}


def write_extraction(corpus: str | Path, profiles_dir: str | Path, output: str | Path, fmt: str) -> tuple[dict, int]:
    """The `extract` command: the facts of the corpus written to `output` in `fmt`, as COMMAND
    says; returns (summary, documents). When the cache answered every document and this very
    output (same documents in the same order, same format) was written before, its bytes are
    written again without building the table; CSV and JSONL only (an XLSX file carries the time
    it was made)."""
    try:
        return _write_extraction(corpus, profiles_dir, output, fmt)
    finally:
        _close_cache()


def _write_extraction(corpus, profiles_dir, output, fmt) -> tuple[dict, int]:
    from zoneprofile.outputs import atomic_write

    COMMAND.keep_docs = False
    found, _ = _command_parts(corpus, profiles_dir)
    cache = COMMAND.cache
    replayable = cache is not None and cache.usable and fmt in ("csv", "jsonl")
    run = cache.output_key(found.keys, fmt) if replayable else None
    if run is not None and found.extracted == 0:
        stored = cache.get_output(run)
        if stored is not None:
            data, summary = stored
            atomic_write(output, lambda tmp: Path(tmp).write_bytes(data), (Path(corpus), Path(profiles_dir)))
            return summary, len(found.docs)
    from zoneprofile.facts import columns_to_frame, write_facts, write_rows

    if fmt in ("csv", "jsonl"):  # streamed, a document at a time: never the whole table in memory
        tally = _Tally()
        write_rows(lambda: tally.count(found.rows()), output, fmt, inputs=(Path(corpus), Path(profiles_dir)))
        summary = tally.summary()
    else:
        columns = found.columns()
        summary = summarize(columns)
        df = columns_to_frame(columns)
        del columns  # the table holds the facts now: one copy at a time
        write_facts(df, output, fmt, inputs=(Path(corpus), Path(profiles_dir)))
        del df
    if run is not None:
        cache.put_output(run, Path(output), summary)
    return summary, len(found.docs)


def metadata_spans(docs: list[Document]) -> dict[str, list[tuple[int, int]]]:
    """Per document, the spans of bylines and photo credits (metadata, not facts)."""
    from zoneprofile.segment import paragraphs
    from zoneprofile.structure import BYLINE, CREDIT, analyse

    out = {}
    for d in docs:
        structure = analyse(d.text, paragraphs(d.text))
        out[d.doc] = [(b.start, b.end) for b in structure.blocks if b.role in (BYLINE, CREDIT)]
    return out
