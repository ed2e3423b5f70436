from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PROFILES = ROOT / "profiles"

# The commands' extraction cache: one for this test session (the commands run in subprocesses
# inherit it), never the user's.
_CACHE_DIR = tempfile.mkdtemp(prefix="zoneprofile-test-cache-")
os.environ["ZONEPROFILE_CACHE_DIR"] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def profiles():
    from zoneprofile.read.profiles import load_profiles

    return load_profiles(PROFILES)


@pytest.fixture(scope="session")
def seed_facts(profiles):
    """(fact table, documents) for the seeds, extracted once per session."""
    from zoneprofile.run.stream import extract_corpus

    return extract_corpus(SEEDS, profiles)


@pytest.fixture
def extract_text(profiles):
    """Extract facts from a snippet of text, as if it were a one-file corpus."""
    from zoneprofile.extract.document import extract_document
    from zoneprofile.lang.dictionary import prepare_dictionary
    from zoneprofile.read.corpus import Document

    prepare_dictionary(profiles)

    def run(text: str):
        return extract_document(Document("snippet.txt", text, "utf-8"), profiles)

    return run


@pytest.fixture
def profiles_dir(tmp_path):
    """A writable copy of profiles/."""
    target = tmp_path / "profiles"
    shutil.copytree(PROFILES, target)
    return target


@pytest.fixture(scope="module")
def context(seed_facts, profiles):
    """The brief's context for the seeds, both zones."""
    from zoneprofile.render.brief import build_context

    df, docs = seed_facts
    return build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles])

