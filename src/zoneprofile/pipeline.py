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
from zoneprofile.corpus import Document, read_corpus
from zoneprofile.extract import extract_document
from zoneprofile.facts import to_frame
from zoneprofile.metric import prepare_dictionary
from zoneprofile.profiles import Profile, load_profiles


def extract_corpus(corpus: str | Path, profiles: list[Profile]) -> tuple[pd.DataFrame, list[Document]]:
    """Steps 1-4 over a corpus: the fact table and the documents read."""
    prepare_dictionary(profiles)
    matcher = ZoneMatcher(profiles)
    docs: list[Document] = []
    facts = []
    for doc in read_corpus(corpus):
        docs.append(doc)
        facts.extend(extract_document(doc, profiles, matcher))
    return to_frame(facts), docs


def run_extract(corpus: str | Path, profiles_dir: str | Path) -> tuple[pd.DataFrame, list[Document], list[Profile]]:
    profiles = load_profiles(profiles_dir)
    df, docs = extract_corpus(corpus, profiles)
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
