"""The extraction task, as a worker process (or this one) runs it: a batch of documents to their facts, packed."""

from __future__ import annotations

import signal
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

    def __init__(self, profiles: list[Profile]):
        self.profiles = profiles
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
        return [self.row(f) for f in extract_document(doc, self.profiles, self.matcher)]

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


# ---------------------------------------------------------------- worker processes
_WORKER: Extractor | None = None


def worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle


def worker_warm() -> None:
    """Load jieba and its dictionary (what does not depend on the profiles)."""
    from zoneprofile.lang.dictionary import load_terms

    load_terms()
    row_getter()


def worker_extract(profiles: list[Profile], batch: list[Document], extras: bool = False,
                   needs: list[tuple[bool, bool]] | None = None) -> list:
    """The task: a batch of documents → per document its facts, packed (with extras: a tuple
    (packed facts, document info, word counts), see Extractor.extras). With `needs`, one
    (facts?, word counts?) per document: per document a pair (packed facts or None, packed word
    count rows or None), only what was asked for (the brief's: what its cache lacks), from one
    worker, so one process loads jieba."""
    global _WORKER
    from zoneprofile.store.cache import pack

    if _WORKER is None or _WORKER.profiles != profiles:
        _WORKER = Extractor(profiles)
    if needs is not None:
        return [(pack(_WORKER.rows(doc)) if facts else None, pack(_WORKER.word_rows(doc)) if words else None)
                for doc, (facts, words) in zip(batch, needs)]
    if extras:
        return [(pack(_WORKER.rows(doc)), *_WORKER.extras(doc)) for doc in batch]
    return [pack(_WORKER.rows(doc)) for doc in batch]

