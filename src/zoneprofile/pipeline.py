"""The numbered steps, in one place:

  0 profiles   load and validate profiles/               (profiles.py)
  1 read       decode every *.txt of the corpus          (corpus.py)
  2 segment    paragraphs and sentences as offsets        (segment.py)
  3 attribute  each sentence to a zone                    (attribute.py)
  4 extract    facts, one row each, in a DataFrame        (extract.py, facts.py)
  5 compare    align the zones' facts side by side        (compare.py)
  6 render     Jinja2 templates → HTML → WeasyPrint PDF   (render.py)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from zoneprofile.attribute import ZoneMatcher
from zoneprofile.corpus import Document, list_texts, read_corpus, read_manifest
from zoneprofile.errors import ConfigError, CorpusError
from zoneprofile.extract import extract_document
from zoneprofile.facts import to_frame
from zoneprofile.metric import prepare_dictionary
from zoneprofile.profiles import Profile, load_profiles


def extract_corpus(corpus: str | Path, profiles: list[Profile],
                   manifest: dict[str, dict] | None = None) -> tuple[pd.DataFrame, list[Document]]:
    """Steps 1-4 over a corpus: the fact table and the documents read. A corpus in which
    no file could be read as text is an error (each skipped file has had its warning)."""
    prepare_dictionary(profiles)
    matcher = ZoneMatcher(profiles)
    docs: list[Document] = []
    facts = []
    for doc in read_corpus(corpus, manifest):
        docs.append(doc)
        facts.extend(extract_document(doc, profiles, matcher))
    if not docs:
        raise CorpusError(f"{corpus}: no file in the corpus could be read as text (see the warnings above)")
    return to_frame(facts), docs


def load_inputs(corpus: str | Path, profiles_dir: str | Path) -> tuple[list[Profile], dict[str, dict]]:
    """The profiles and the corpus manifest, checked together: every problem in either
    (and a missing corpus) is reported at once, in one ConfigError."""
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


def run_extract(corpus: str | Path, profiles_dir: str | Path) -> tuple[pd.DataFrame, list[Document], list[Profile]]:
    profiles, manifest = load_inputs(corpus, profiles_dir)
    df, docs = extract_corpus(corpus, profiles, manifest)
    return df, docs, profiles


def metadata_spans(docs: list[Document]) -> dict[str, list[tuple[int, int]]]:
    """Per document, the spans of bylines and photo credits (metadata, not facts)."""
    from zoneprofile.segment import paragraphs
    from zoneprofile.structure import BYLINE, CREDIT, analyse

    out = {}
    for d in docs:
        structure = analyse(d.text, paragraphs(d.text))
        out[d.doc] = [(b.start, b.end) for b in structure.blocks if b.role in (BYLINE, CREDIT)]
    return out
