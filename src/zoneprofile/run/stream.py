"""Steps 1-4 over a corpus: documents streamed through the cache and the workers, facts back in corpus order."""

from __future__ import annotations

import logging
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from zoneprofile.errors import CorpusError, ZoneprofileError
from zoneprofile.extract.record import fact_fields
from zoneprofile.read.corpus import Document, list_texts, read_corpus
from zoneprofile.run.pools import DaskPool, choose_jobs, start_pool, stop_pool
from zoneprofile.run.worker import Extractor, extract_or_fail, worker_extract

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from zoneprofile.read.profiles import Profile

# a task for a worker: documents up to this many characters (or this many documents)
BATCH_CHARS = 40_000
BATCH_DOCS = 64


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
    from zoneprofile.store.cache import unpack

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
    words: list | None = None  # with words=True: per document its (zone, word, count) rows
    failed: set | None = None  # the names of the documents whose extraction failed (warned about, no facts)

    def columns(self) -> dict[str, list]:
        """The facts as one list per field (the order of facts.COLUMNS), the parts let go as they
        are read: no second copy of the facts as row tuples (~40 MB less for 10,000 documents)."""
        names = fact_fields()
        columns: list[list] = [[] for _ in names]
        appends = [c.append for c in columns]
        for i, part in enumerate(self.parts):
            part = _unpacked(part)
            self.parts[i] = None
            for row in part:
                for append, value in zip(appends, row):
                    append(value)
        return dict(zip(names, columns))

    def rows(self, start: int = 0):
        """The facts again, as row lists a document at a time from the start-th document on (the
        parts are kept: for another pass)."""
        for part in self.parts[start:]:
            yield _unpacked(part)

    def frame(self):
        from zoneprofile.store.facts import columns_to_frame

        return columns_to_frame(self.columns())

    def records(self) -> list[dict]:
        """The facts as plain dicts, field by field as store.facts.records(self.frame()) gives
        them (nulls as None, whole numbers as int), without pandas: what the brief compares
        (compare.comparison.fact_records). The parts are let go as they are read."""
        names = fact_fields()
        out: list[dict] = []
        for i, part in enumerate(self.parts):
            part = _unpacked(part)
            self.parts[i] = None
            out += [dict(zip(names, map(_plain, row))) for row in part]
        return out

    def word_counts(self) -> dict:
        """Per zone, a Counter of the content words of its sentences (extract.words.word_counts),
        summed over the documents' rows (extract_parts with words=True)."""
        from collections import Counter

        counts: dict[str, Counter] = {}
        for rows in self.words or ():
            for zone, word, n in rows:
                counts.setdefault(zone, Counter())[word] += n
        return counts


def _plain(value):
    """A value as a fact table's records give it (store.facts._clean, for the plain Python values
    extraction makes): NaN as None, a whole float as int."""
    if type(value) is float and (value != value or value.is_integer()):
        return None if value != value else int(value)
    return value


def extract_corpus(corpus: str | Path, profiles: list[Profile], manifest: dict[str, dict] | None = None, *,
                   jobs: int | None = 0, cache=None, progress: bool = False, keep_docs: bool = True,
                   while_waiting: Callable[[], None] | None = None, catalogue=None):
    """Steps 1-4 over a corpus: (fact table, documents read).

    jobs: worker processes (0: extract in this process; None: choose by corpus size and cores).
    cache: a cache.FactCache, or None. progress: show a progress bar on stderr.
    keep_docs: return the Documents (texts included); else only their names, and no text is kept.
    while_waiting: called once, when every document has been handed out to worker processes and
    this one would only wait (the CLI imports what it needs next meanwhile); not called when no
    worker has anything to do. catalogue: the indicator catalogue (None: the built-in one).
    """
    found = extract_parts(corpus, profiles, manifest, jobs=jobs, cache=cache, progress=progress,
                          keep_docs=keep_docs, while_waiting=while_waiting, catalogue=catalogue)
    return found.frame(), found.docs


ENGINES = ("local", "dask")


def extract_parts(corpus: str | Path, profiles: list[Profile], manifest: dict[str, dict] | None = None, *,
                  jobs: int | None = 0, cache=None, progress: bool = False, keep_docs: bool = True,
                  while_waiting: Callable[[], None] | None = None, engine: str = "local",
                  scheduler: str | None = None, partitions: int | None = None,
                  select: Callable[[Document], bool] | None = None, extras: bool = False,
                  words: bool = False, catalogue=None, sink: Callable[[list], None] | None = None) -> Extraction:
    """extract_corpus without the table: an Extraction (pandas is not needed yet).

    engine: "local" (this process or a process pool, as `jobs` says) or "dask" (the same task
    function on dask.distributed: the cluster at `scheduler`, else a LocalCluster of 2 worker
    processes; the documents left to extract go out in `partitions` tasks, default one per
    BATCH_DOCS documents). Facts come back in corpus order whatever the engine.

    select: only the documents it accepts are extracted and returned (the fact store's changed ones).
    extras: also each document's info and word counts (Extraction.extras); the cache is not used.
    words: also each document's word counts (Extraction.words, for the brief's vocabulary), from the
    cache beside its facts or from the same worker, in the same pass: no process but the workers
    loads jieba. The cache is consulted for a document before a worker is started for it.
    catalogue: the indicator catalogue figures are read against (extract.indicators; None: the built-in).
    sink: once worker processes extract, called with each document's rows in corpus order as soon as
    they and those of every document before it are in (`extract` writes its file meanwhile); the
    documents it was not given (all of them when no worker started) are the caller's to read after.
    A document whose extraction fails is warned about, left without facts and not cached (Extraction.failed):
    one document never stops the run."""
    from zoneprofile.store.cache import pack, unpack

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

    words = words and not extras  # extras count the words already
    if sink is not None and (words or extras):
        raise ZoneprofileError("extract_parts: a sink takes the facts alone")
    fed = 0  # the documents given to the sink
    workers = 0 if jobs == 0 and engine == "local" else None  # decided at the first document to extract
    extractor = Extractor(profiles, catalogue)
    if extras:
        cache = None
    more: list | None = [] if extras else None
    word_parts: list | None = [] if words else None
    parts: list = []
    docs: list = []
    keys: list[bytes] | None = [] if cache is not None else None
    extracted = 0
    failures: set = set()
    bar = _progress(progress, len(list_texts(corpus)[1]) if progress else 0)
    pool = None
    in_flight: deque = deque()
    batch: list[Document] = []
    batch_keys: list[tuple[int, bytes | None]] = []
    batch_needs: list[tuple[bool, bool]] = []  # with words: per document (facts?, word counts?)
    batch_chars = 0

    def submit() -> None:
        nonlocal pool, batch, batch_keys, batch_needs, batch_chars, workers
        if pool is None:
            pool = DaskPool(scheduler) if engine == "dask" else start_pool(workers)
            workers = getattr(pool, "workers", workers)
        in_flight.append((pool.submit(worker_extract, profiles, batch, extras, batch_needs if words else None,
                                      catalogue), batch_keys))
        batch, batch_keys, batch_needs, batch_chars = [], [], [], 0

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
            if words:
                blob, counted = blob
                if isinstance(blob, str):  # the document's extraction failed: said, not cached
                    fail(i, blob)
                    continue
                if counted is not None:
                    word_parts[i] = unpack(counted)
                    if cache is not None:
                        cache.put_words(key, word_parts[i])
                if blob is None:  # the facts came from the cache
                    bar.update(1)
                    continue
            if extras:
                blob, info, counts = blob
                more[i] = (info, counts)
            if isinstance(blob, str):  # the document's extraction failed: said, not cached
                fail(i, blob)
                continue
            parts[i] = blob
            if cache is not None:
                cache.put(key, blob)
            bar.update(1)

    def drain() -> None:
        nonlocal fed
        if sink is None or pool is None:  # nothing extracted (the cache answered): nothing to overlap
            return
        while fed < len(parts) and parts[fed] is not None:
            sink(_unpacked(parts[fed]))
            fed += 1

    def fail(i: int, message: str) -> None:
        log.warning("%s", message)
        name = docs[i] if isinstance(docs[i], str) else docs[i].doc
        failures.add(name)
        parts[i] = []
        if words:
            word_parts[i] = []
        if extras:  # a DocumentInfo tuple that says nothing but the name
            more[i] = ((name, name, None, None, "unknown", None, (), (), ""), [])
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
            counted = cache.get_words(key) if words and cache is not None else None
            if keys is not None:
                keys.append(key)
            if words:
                word_parts.append(counted)
            if blob is not None and (counted is not None or not words):
                parts[i] = blob
                bar.update(1)
                continue
            parts[i] = blob
            extracted += blob is None
            if workers is None:
                workers = 1 if engine == "dask" else choose_jobs(jobs, corpus_bytes())
            if workers == 0:
                rows = extract_or_fail(extractor.rows, doc) if blob is None else None
                info = extract_or_fail(extractor.extras, doc) if extras and not isinstance(rows, str) else None
                counts = (extract_or_fail(extractor.word_rows, doc) if words and counted is None
                          and not isinstance(rows, str) else None)
                problem = next((x for x in (rows, info, counts) if isinstance(x, str)), None)
                if problem is not None:
                    fail(i, problem)
                    continue
                if blob is None:
                    parts[i] = rows
                    if cache is not None:
                        cache.put(key, pack(parts[i]))
                if extras:
                    more[i] = info
                if counts is not None:
                    word_parts[i] = counts
                    if cache is not None:
                        cache.put_words(key, word_parts[i])
                bar.update(1)
            else:
                batch.append(doc)
                batch_keys.append((i, key))
                batch_needs.append((blob is None, words and counted is None))
                batch_chars += len(doc.text)
                if batch_chars >= batch_chars_max or len(batch) >= batch_docs:
                    submit()
                    while len(in_flight) > 2 * workers:  # a bounded queue: the corpus streams
                        collect()
                        drain()
        if batch:
            submit()
        if while_waiting is not None and in_flight:
            while_waiting()
        while in_flight:
            collect()
            drain()
        if not docs and select is None:
            raise CorpusError(f"{corpus}: no file in the corpus could be read as text (see the warnings above)")
        failed = False
    finally:
        if pool is not None:
            stop_pool(pool, failed)
        bar.close()
        if cache is not None:
            cache.flush()
    return Extraction(parts, docs, keys, extracted, more, word_parts, failures)

