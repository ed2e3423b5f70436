"""The order of the steps, for every command, in one place. Where a step runs (this process, a
pool of worker processes, a dask cluster) is run/'s business, not this module's.

    step                 folder     what passes to the next step
    0 read: inputs       read/      Profiles and the manifest, checked together     load_inputs
    1 read: texts        read/      Documents (each owns its decoded text)           ┐
    2 segment            read/      paragraphs and sentences, as offsets             │ extract_parts (run/):
    3 attribute          extract/   each sentence to a zone                          │ per document, in this
    4 extract            extract/   Facts (the `extract` contract), per document     ┘ process, a pool or dask
      store              store/     the fact table, its files, the cache, the Parquet store
    5 compare            compare/   the zones side by side (plain data)              brief_contexts
    6 render             render/    Jinja2 → HTML → WeasyPrint → PDF                 (cli: render_brief,
                                    (a PDF rendered before is written again)          with pdf_cache)

    extract        0 → 1-4 → a CSV/JSONL/XLSX file             write_extraction
    extract -f parquet  0 → 1-4 (what changed) → the store     update_store
    brief, profile 0 → 1-4 → 5 → 6; or the store → 5 → 6       brief_contexts (5 once per brief), then
                                                               render.brief.render_brief per brief
    evaluate       0 → 1-4 → scores                            run_extract, then evaluate/

Steps 1-4 stream: documents are read one at a time, looked up in the cache (store/cache.py), and
the rest extracted where COMMAND says (run/stream.py). Facts come back in corpus order whatever
runs them. No folder imports a folder above it in this order (tests/test_layers.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from zoneprofile.errors import ConfigError, CorpusError
from zoneprofile.read.corpus import list_texts
from zoneprofile.run.stream import Extraction, extract_parts

if TYPE_CHECKING:
    from zoneprofile.read.profiles import Profile
    from zoneprofile.store.cache import FactCache

















































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
    catalogue: object = None  # the indicator catalogue (extract.indicators.Catalogue); None: the built-in


COMMAND = CommandOptions()


def load_inputs(corpus: str | Path, profiles_dir: str | Path) -> tuple[list[Profile], dict[str, dict]]:
    """The profiles and the corpus manifest, checked together: every problem in either
    (and a missing corpus) is reported at once, in one ConfigError."""
    from zoneprofile.read.corpus import read_manifest
    from zoneprofile.read.profiles import load_profiles

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


def _command_parts(corpus: str | Path, profiles_dir: str | Path, loaded=None,
                   sink=None) -> tuple[Extraction, list[Profile]]:
    profiles, manifest = loaded or load_inputs(corpus, profiles_dir)
    options = COMMAND
    options.cache = None
    if options.use_cache:
        from zoneprofile.store.cache import FactCache

        options.cache = FactCache(None, profiles, options.catalogue)
    found = extract_parts(corpus, profiles, manifest, jobs=options.jobs, cache=options.cache,
                          progress=options.progress, keep_docs=options.keep_docs, while_waiting=options.while_waiting,
                          engine=options.engine, scheduler=options.scheduler, partitions=options.partitions,
                          catalogue=options.catalogue, sink=sink)
    return found, profiles


def _close_cache() -> None:
    if COMMAND.cache is not None:
        COMMAND.cache.close()


def run_extract(corpus: str | Path, profiles_dir: str | Path, loaded=None) -> tuple:
    """Load the profiles and manifest (unless `loaded` gives them), then extract_corpus as COMMAND
    says: (fact table, documents, profiles)."""
    try:
        found, profiles = _command_parts(corpus, profiles_dir, loaded)
    finally:
        _close_cache()
    return found.frame(), found.docs, profiles






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
    COMMAND.keep_docs = False
    inputs = (Path(corpus), Path(profiles_dir))
    if fmt in ("csv", "jsonl"):  # written while the workers extract, a document at a time
        return _stream_extraction(corpus, profiles_dir, output, fmt, inputs)
    from zoneprofile.store.facts import columns_to_frame, summarize, write_facts

    found, _ = _command_parts(corpus, profiles_dir)
    columns = found.columns()
    summary = summarize(columns)
    df = columns_to_frame(columns)
    del columns  # the table holds the facts now: one copy at a time
    write_facts(df, output, fmt, inputs=inputs)
    return summary, len(found.docs)


def _stream_extraction(corpus, profiles_dir, output, fmt, inputs) -> tuple[dict, int]:
    """CSV or JSONL, never the whole table in memory: the rows are written to a nameless file beside
    the output as they come from the workers (store.rows.RowStream), the rest after, and the file
    copied to the output atomically once whole. When the cache answered every document and this
    very output (same documents in the same order, same format) was written before, its bytes are
    written again instead."""
    import shutil

    from zoneprofile.store.outputs import atomic_write, check_output, spool
    from zoneprofile.store.rows import RowStream

    output = check_output(output, inputs)  # refused before any work, as atomic_write would
    with spool(output, newline="" if fmt == "csv" else None) as fh:  # nothing left if the run is killed
        stream = RowStream(fh, fmt)
        found, _ = _command_parts(corpus, profiles_dir, sink=stream.feed)
        cache = COMMAND.cache
        run = cache.output_key(found.keys, fmt) if cache is not None and cache.usable else None
        stored = cache.get_output(run) if run is not None and found.extracted == 0 else None
        if stored is not None:
            data, summary = stored
            atomic_write(output, lambda tmp: Path(tmp).write_bytes(data), inputs)
            return summary, len(found.docs)
        stream.finish(found.rows)
        summary = stream.tally.summary()
        fh.flush()

        def copy(tmp):
            fh.buffer.seek(0)
            with open(tmp, "wb") as out:
                shutil.copyfileobj(fh.buffer, out, 1 << 20)
        atomic_write(output, copy, inputs)
    if run is not None:
        cache.put_output(run, output, summary)
    return summary, len(found.docs)


def use_catalogue(templates_dir) -> None:
    """The indicator catalogue of this run: indicators.yaml in the user's templates folder, else the
    built-in one (extract.indicators.catalogue_for); its problems stop the run before any work."""
    from zoneprofile.extract.indicators import catalogue_for

    COMMAND.catalogue = catalogue_for(templates_dir)


def write_store(corpus, profiles: list[Profile], manifest: dict, folder: str | Path,
                **extract_options) -> tuple[dict, int, dict]:
    """Extract what changed in `corpus` since the store at `folder` was written, and file it
    (store/parquet.py): (summary of all its facts, documents, {"extracted", "removed", "rewritten"})."""
    from zoneprofile.store.parquet import StoreUpdate

    catalogue = extract_options.setdefault("catalogue", COMMAND.catalogue)
    with StoreUpdate(corpus, profiles, folder, catalogue) as update:  # holds the store's lock until applied or failed
        found = extract_parts(corpus, profiles, manifest, select=update.changed, extras=True, keep_docs=False,
                              **extract_options)
        return update.apply(found)


def update_store(corpus: str | Path, profiles_dir: str | Path, folder: str | Path) -> tuple[dict, int, dict]:
    """`extract --format parquet`: write_store as COMMAND says."""
    profiles, manifest = load_inputs(corpus, profiles_dir)
    return write_store(corpus, profiles, manifest, folder, jobs=COMMAND.jobs, progress=COMMAND.progress,
                       engine=COMMAND.engine, scheduler=COMMAND.scheduler, partitions=COMMAND.partitions)


def _brief_parts(corpus, profiles: list[Profile], manifest: dict, words: bool) -> Extraction:
    """Steps 1-4 of a brief, as COMMAND says, with each document's word counts when `words`:
    facts and counts from the cache where it has them, the rest from one pass of the workers."""
    options = COMMAND
    options.cache = None
    if options.use_cache:
        from zoneprofile.store.cache import FactCache

        options.cache = FactCache(None, profiles, options.catalogue)
    try:
        return extract_parts(corpus, profiles, manifest, jobs=options.jobs, cache=options.cache,
                             progress=options.progress, keep_docs=True, while_waiting=options.while_waiting,
                             engine=options.engine, scheduler=options.scheduler, partitions=options.partitions,
                             words=words, catalogue=options.catalogue)
    finally:
        _close_cache()


def brief_contexts(corpus, profiles_dir, zone_groups_of: Callable[[list[Profile]], list[list[str]]],
                   templates_dir=None, facts_path=None) -> tuple[list[tuple[list[str], object]], list[dict], list]:
    """Steps 0-5 of one or more briefs of one corpus: steps 0-4 once, step 5 once per group of
    zones: ([(zone ids, context)], facts as records, documents). From the corpus, or, with
    facts_path, from a stored fact table (no corpus read: the facts, document infos and word
    counts as stored). zone_groups_of chooses the groups once the profiles are loaded.

    From the corpus, neither pandas nor jieba is imported here: the facts stay records
    (compare.comparison.fact_records), and the word counts of the vocabulary come from the cache
    or from the workers that extract the facts."""
    if facts_path is not None:
        from zoneprofile.read.profiles import load_profiles
        from zoneprofile.store.facts import records
        from zoneprofile.store.parquet import load_facts

        profiles = load_profiles(profiles_dir)
        groups = zone_groups_of(profiles)
        df, docs, counts, corpus_name = load_facts(facts_path, profiles)
        facts = records(df)
        del df
    else:
        profiles, manifest = load_inputs(corpus, profiles_dir)
        groups = zone_groups_of(profiles)
        use_catalogue(templates_dir)
        words = any(len(g) > 1 for g in groups)  # a profile of one zone shows no vocabulary
        found = _brief_parts(corpus, profiles, manifest, words)
        facts, docs = found.records(), found.docs
        counts = found.word_counts() if words else None
        corpus_name = str(corpus)
    from zoneprofile.render.brief import build_context

    contexts = [(zone_ids, build_context(facts, profiles, docs, corpus_name, zone_ids, templates_dir,
                                         word_counts=counts)) for zone_ids in groups]
    return contexts, facts, docs


def brief_context(corpus, profiles_dir, zone_ids_of: Callable[[list[Profile]], list[str]],
                  templates_dir=None, facts_path=None):
    """Steps 0-5 of a brief or a profile: (context, facts as records, documents); see brief_contexts."""
    contexts, facts, docs = brief_contexts(corpus, profiles_dir, lambda profiles: [zone_ids_of(profiles)],
                                           templates_dir, facts_path)
    return contexts[0][1], facts, docs


def pdf_cache():
    """The cache of rendered PDFs for step 6 (render.pdf.write_pdf), or None with --no-cache."""
    if not COMMAND.use_cache:
        return None
    from zoneprofile.store.cache import FactCache

    return FactCache(None, [])


def score_alignment(gold, corpus, profiles_dir, templates_dir=None) -> list:
    """`evaluate` with an alignment gold: steps 0-5 for each group of zones the gold compares, scored
    (evaluate/alignment.py): rows aligned, wrong rows, the data year of each document."""
    from zoneprofile.evaluate.alignment import (
        brief_rows,
        load_alignment_gold,
        score_group,
    )
    from zoneprofile.render.brief import build_context

    profiles, manifest = load_inputs(corpus, profiles_dir)
    use_catalogue(templates_dir)
    df, docs, _ = run_extract(corpus, profiles_dir, (profiles, manifest))
    groups = load_alignment_gold(gold, {d.doc: d.text for d in docs})
    known = {p.id for p in profiles}
    scores = []
    for group in groups:
        zone_ids = [z for z in group.zones if z in known]
        context = build_context(df, profiles, docs, str(corpus), zone_ids, templates_dir, vocabulary={})
        years = {s.doc: s.year for s in context.sources}
        scores.append(score_group(group, brief_rows(context), years))
    return scores
