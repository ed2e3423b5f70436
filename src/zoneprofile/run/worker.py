"""The extraction task, as a worker process (or this one) runs it: a batch of documents to their facts, packed.

A worker process dies with the process that started it (Linux: PR_SET_PDEATHSIG), so a kill -9 of
`extract` leaves no worker behind; the forkserver that forks them dies with the main process too.
A document whose extraction fails (a bug of ours on an input nobody foresaw) is one warning naming
it, not the end of the run: its facts are left out, and it is not cached, so a fixed version
extracts it again.
"""

from __future__ import annotations

import os
import signal
import sys
from operator import attrgetter
from typing import TYPE_CHECKING

from zoneprofile.extract.record import fact_fields
from zoneprofile.read.corpus import Document

if TYPE_CHECKING:
    from zoneprofile.read.profiles import Profile


def row_getter():
    return attrgetter(*fact_fields())


class Extractor:
    """Extraction of one document as rows (tuples in the order of facts.COLUMNS); jieba's
    dictionary is loaded on first use, so a run that the cache answers never loads it."""

    def __init__(self, profiles: list[Profile], catalogue=None):
        self.profiles = profiles
        self.catalogue = catalogue  # the indicator catalogue (extract.indicators); None: the built-in
        self.matcher = None
        self.row = None
        self.exclude = None  # the zone names' words, left out of word counts (set on first use)

    def prepare(self) -> None:
        if self.matcher is None:
            from zoneprofile.extract.attribute import ZoneMatcher
            from zoneprofile.lang.dictionary import prepare_dictionary

            prepare_dictionary(self.profiles)
            self.matcher = ZoneMatcher(self.profiles)
            self.row = row_getter()

    def rows(self, doc: Document) -> list[tuple]:
        from zoneprofile.extract.document import extract_document

        self.prepare()
        return [self.row(f) for f in extract_document(doc, self.profiles, self.matcher, self.catalogue)]

    def extras(self, doc: Document) -> tuple[tuple, list[tuple[str, str, int]]]:
        """What a brief needs of a document beside its facts: its DocumentInfo (as a tuple, the
        title falling back to the first line as compare.document_title does) and its word counts
        per zone, as (zone, word, count) rows."""
        from dataclasses import astuple, replace

        from zoneprofile.extract.document import describe_document, document_title

        info = describe_document(doc)
        info = astuple(replace(info, title=info.title or document_title(doc)))
        return info, self.word_rows(doc)

    def word_rows(self, doc: Document) -> list[tuple[str, str, int]]:
        """The document's content words per zone (vocabulary.word_counts) as (zone, word, count) rows."""
        from zoneprofile.extract.words import excluded_words, word_counts

        self.prepare()  # the dictionary first: the zone names are whole words to exclude
        if self.exclude is None:
            self.exclude = excluded_words(self.profiles)
        counts = word_counts([doc], self.profiles, self.matcher, self.exclude)
        return [(zone, word, n) for zone, counter in counts.items() for word, n in sorted(counter.items())]


def failure(doc: Document, exc: BaseException) -> str:
    """What a failed document is, in the rows' place: the warning to print (a str, never bytes)."""
    what = " ".join(str(exc).split())[:160]
    return (f"{doc.doc}: extraction failed ({type(exc).__name__}{': ' + what if what else ''}); "
            "its facts are left out (please report this with the file)")


def extract_or_fail(work, doc: Document):
    try:
        return work(doc)
    except Exception as exc:  # one document, never the run
        return failure(doc, exc)


# ---------------------------------------------------------------- worker processes
_WORKER: Extractor | None = None
# the process that forks the workers (this one, or the forkserver): a worker whose parent is
# already another has lost it
PARENT: int | None = None


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process when its parent dies (Linux); exit now if it already has."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, inherited by fork
    die_with_parent(PARENT)


def worker_warm() -> None:
    """Load jieba and its dictionary (what does not depend on the profiles)."""
    from zoneprofile.lang.dictionary import load_terms

    load_terms()
    row_getter()


def worker_extract(profiles: list[Profile], batch: list[Document], extras: bool = False,
                   needs: list[tuple[bool, bool]] | None = None, catalogue=None) -> list:
    """The task: a batch of documents → per document its facts, packed (with extras: a tuple
    (packed facts, document info, word counts), see Extractor.extras). With `needs`, one
    (facts?, word counts?) per document: per document a pair (packed facts or None, packed word
    count rows or None), only what was asked for (the brief's: what its cache lacks), from one
    worker, so one process loads jieba."""
    global _WORKER
    from zoneprofile.store.cache import pack

    if _WORKER is None or _WORKER.profiles != profiles or _WORKER.catalogue != catalogue:
        _WORKER = Extractor(profiles, catalogue)
    out = []
    for i, doc in enumerate(batch):
        facts, words = needs[i] if needs is not None else (True, False)
        rows = extract_or_fail(_WORKER.rows, doc) if facts else None
        if isinstance(rows, str):  # the document's extraction failed: said by the caller, not cached
            out.append((rows, None) if needs is not None else (rows, None, None) if extras else rows)
        elif needs is not None:
            counted = extract_or_fail(_WORKER.word_rows, doc) if words else None
            if isinstance(counted, str):
                out.append((counted, None))
            else:
                out.append((pack(rows) if facts else None, pack(counted) if words else None))
        elif extras:
            more = extract_or_fail(_WORKER.extras, doc)
            out.append((failure(doc, ValueError(more)), None, None) if isinstance(more, str) else (pack(rows), *more))
        else:
            out.append(pack(rows))
    return out

