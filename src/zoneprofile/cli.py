"""The command line. Heavy libraries (pandas, jieba, WeasyPrint) are imported
inside the commands, so `zoneprofile --help` stays fast.

Exit codes: 0 success, 1 input or runtime problem, 2 usage error. Every error is
one line on stderr (one per problem for profiles and the manifest); --debug shows
the traceback.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

import click

from zoneprofile import __version__
from zoneprofile.errors import ConfigError, UsageError, ZoneprofileError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from files (names, sentences) made safe for a terminal, on one line: control characters,
    escape sequences, line and paragraph separators and bidirectional overrides are shown escaped,
    a line break as \\n (a tab, which separates columns, stays)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))

log = logging.getLogger("zoneprofile")

class _Corpus(click.ParamType):
    """A folder, file, glob pattern or @LIST as a Path; an fsspec URL (memory://, file://, s3://) kept
    as written, which a Path would change (// → /)."""

    name = "corpus"

    def convert(self, value, param, ctx):
        if isinstance(value, Path):
            return value
        return value if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", str(value)) else Path(value)


corpus_argument = click.argument("corpus", default="seeds", required=False, type=_Corpus())
profiles_option = click.option("--profiles", "profiles_dir", default="profiles", show_default=True,
                               type=click.Path(path_type=Path), help="Folder of zone profiles (one YAML per zone).")
templates_option = click.option("--templates", "templates_dir", type=click.Path(path_type=Path), default=None,
                                help="Your templates folder: its files override the built-in ones by name "
                                     "(its indicators.yaml, if any, is the indicator catalogue).")


class _Formatter(logging.Formatter):
    def format(self, record):
        return f"zoneprofile: {record.levelname.lower()}: {printable(record.getMessage())}"


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.ERROR if quiet else logging.WARNING)


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Exit codes: 0 success, 1 an input or runtime problem, 2 a usage error.")
@click.version_option(__version__, prog_name="zoneprofile")
@click.option("--debug", is_flag=True, help="Show a full traceback on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Turn Chinese articles about development zones into side-by-side PDF briefs.

    \b
    zoneprofile extract [CORPUS]   facts as CSV / JSONL / XLSX (default output/facts.csv)
    zoneprofile brief [CORPUS]     the comparison brief as PDF (default output/brief.pdf)
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["quiet"] = quiet
    _setup_logging(quiet)


def _report(facts: list[dict], docs) -> None:
    """Say what was found, and never hide a fact that no zone could claim (`facts`: records)."""
    unattributed = [f for f in facts if f["zone"] is None]
    examples = [[f["doc"], f["start"], f["text"], f["sentence"][:40]] for f in unattributed[:10]]
    _say({"facts": len(facts), "zones": len({f["zone"] for f in facts if f["zone"] is not None}),
          "unattributed": len(unattributed), "examples": examples}, len(docs))


def _say(summary: dict, documents: int) -> None:
    """_report's words, from a summary (pipeline.summarize)."""
    if click.get_current_context().obj.get("quiet"):
        return
    from zoneprofile.pipeline import COMMAND

    cache = COMMAND.cache
    cached = f" ({cache.hits} from the cache)" if cache is not None and cache.hits else ""
    click.echo(f"{summary['facts']} facts from {documents} documents{cached}, {summary['zones']} zones; "
               f"{summary['unattributed']} without a zone", err=True)
    for doc, start, text, sentence in summary["examples"]:
        click.echo(printable(f"  no zone: {doc}:{start} {text} — {sentence}"), err=True)
    if summary["unattributed"] > 10:
        click.echo(f"  … and {summary['unattributed'] - 10} more (zone is empty in the output)", err=True)


def _done(path: Path) -> None:
    if not click.get_current_context().obj.get("quiet"):
        click.echo(printable(f"wrote {path}"), err=True)


def _output_file(path: Path, option: str, suffixes: tuple[str, ...], inputs: tuple[Path, ...] = ()) -> None:
    """An output option names a file, with one of `suffixes` (or none), that is not an input."""
    from zoneprofile.store.outputs import is_input, output_problem

    if path.is_dir():
        raise click.BadParameter(f"{path} is a folder; give a file name, e.g. {path / ('x' + suffixes[0])}",
                                 param_hint=option)
    problem = output_problem(path)
    if problem:
        raise click.BadParameter(f"{path} {problem}", param_hint=option)
    if is_input(path, inputs):
        raise click.BadParameter(f"{path} is one of the inputs (or would become one); choose another file",
                                 param_hint=option)
    if path.suffix and path.suffix.lower() not in suffixes:
        raise click.BadParameter(f"{path}: expected a {' or '.join(suffixes)} file", param_hint=option)


@cli.command()
@corpus_argument
@profiles_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "xlsx", "parquet"]), default=None,
              help="Output format [default: from the -o suffix, else csv]. parquet: a dataset folder "
                   "partitioned by zone, updated in place by later runs (a fact store for brief --facts).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output file [default: output/facts.<format>].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's process pool (--jobs); dask: dask.distributed (pip install 'zoneprofile[scale]').")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 [default: a local cluster of 2 workers].")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="With --engine dask: the number of tasks [default: one per 64 documents].")
@templates_option
def extract(corpus: Path, profiles_dir: Path, fmt: str | None, output: Path | None, engine: str,
            scheduler: str | None, partitions: int | None, templates_dir: Path | None) -> None:
    """Extract every figure of CORPUS (a folder of *.txt, default seeds/) as one record per fact."""
    from zoneprofile.pipeline import COMMAND, use_catalogue, write_extraction

    use_catalogue(templates_dir)
    from zoneprofile.store.outputs import infer_format

    if engine == "local" and (scheduler or partitions):
        raise click.BadParameter("--scheduler and --partitions go with --engine dask", param_hint="--engine")
    address = r"(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9a-fA-F:.]+\]|[^\s/:\[\]]+):\d{1,5}/?"  # tcp://host:port, [::1]:port
    if scheduler is not None and not re.fullmatch(address, scheduler):
        raise click.BadParameter(f"{scheduler!r} is not a scheduler's address; give one such as tcp://10.0.0.5:8786",
                                 param_hint="--scheduler")
    COMMAND.engine, COMMAND.scheduler, COMMAND.partitions = engine, scheduler, partitions
    if fmt == "parquet" or (fmt is None and output is not None and output.suffix.lower() == ".parquet"):
        _extract_store(corpus, profiles_dir, output or Path("output") / "facts.parquet")
        return
    if output is None:
        fmt = fmt or "csv"
        output = Path("output") / f"facts.{fmt}"
    suffixes = (".csv", ".jsonl", ".json", ".xlsx")
    _output_file(output, "-o", suffixes, (corpus, profiles_dir))
    suffix_fmt = infer_format(output, None) if output.suffix else None
    if fmt and suffix_fmt and fmt != suffix_fmt:
        raise click.BadParameter(f"--format {fmt} but the file {output} is {suffix_fmt}; "
                                 "give one or make them agree", param_hint="--format")
    fmt = infer_format(output, fmt)
    if fmt in ("csv", "jsonl"):
        COMMAND.while_waiting = None  # written without pandas (store/rows.py): nothing to import while waiting
    summary, documents = write_extraction(corpus, profiles_dir, output, fmt)
    _say(summary, documents)
    _done(output)


def _extract_store(corpus: Path, profiles_dir: Path, output: Path) -> None:
    """extract --format parquet: the fact store (store.py), only what changed extracted again."""
    from zoneprofile.pipeline import update_store
    from zoneprofile.store.outputs import is_input
    from zoneprofile.store.parquet import check_store_folder

    try:
        check_store_folder(output)  # absent, empty or a fact store: nothing else is ever written into
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="-o") from None
    if is_input(output, (Path(str(corpus)), profiles_dir)) or is_input(Path(str(corpus)), (output,)):
        raise click.BadParameter(f"{output} is one of the inputs (or inside one); choose another folder",
                                 param_hint="-o")
    summary, documents, changes = update_store(corpus, profiles_dir, output)
    _say(summary, documents)
    if not click.get_current_context().obj.get("quiet"):
        click.echo(f"{changes['extracted']} documents extracted, {changes['removed']} removed, "
                   f"{changes['rewritten']} zone partitions rewritten", err=True)
    _done(output)


def _render_options(default_output: str):
    def wrap(f):
        for option in reversed([
            click.option("-o", "--output", type=click.Path(path_type=Path), default=Path(default_output),
                         show_default=True, help="The PDF to write."),
            click.option("--templates", "templates_dir", type=click.Path(path_type=Path), default=None,
                         help="Your templates folder: its files override the built-in ones by name."),
            click.option("--stylesheet", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
                         help="A CSS file applied after the templates' styles."),
            click.option("--html", "html_path", type=click.Path(path_type=Path), default=None,
                         help="Also write the same document as HTML, for preview in a browser."),
            click.option("--context-json", "context_path", type=click.Path(path_type=Path), default=None,
                         help="Also write the exact template context as JSON (for template authors)."),
            click.option("--facts", "facts_path", type=click.Path(path_type=Path), default=None,
                         help="Render from a stored fact table instead of the corpus: a folder written by "
                              "extract --format parquet, or a JSONL/CSV file from extract (see README)."),
        ]):
            f = option(f)
        return f
    return wrap


ZONES_FIELD = "{zones}"


def _for_zones(path: Path | None, zone_ids: list[str], several: bool) -> Path | None:
    """An output's path for one brief of several: {zones} in it replaced by the zones' ids joined
    by '+'; without {zones}, '-<ids>' added to the file name's stem when there are several briefs."""
    if path is None:
        return None
    joined = "+".join(zone_ids)
    if ZONES_FIELD in str(path):
        return Path(str(path).replace(ZONES_FIELD, joined))
    return path.with_name(f"{path.stem}-{joined}{path.suffix}") if several else path


def _render(corpus, profiles_dir, zone_groups_of, output, templates_dir, stylesheet, html_path, context_path,
            facts_path=None, zones_hint="--zones"):
    """One or more briefs of one corpus, in one process: reading, extraction, the imports and the
    fonts are paid once. zone_groups_of(profiles) gives one list of zone ids per brief."""
    from zoneprofile.pipeline import brief_contexts, pdf_cache
    from zoneprofile.render.pdf import check_fonts
    from zoneprofile.render.templates import template_dirs

    read = (corpus, profiles_dir, *(p for d in template_dirs(templates_dir) for p in d.rglob("*") if p.is_file()),
            *([stylesheet] if stylesheet else []))
    outputs = ((output, "-o", (".pdf",)), (html_path, "--html", (".html", ".htm")),
               (context_path, "--context-json", (".json",)))

    def check_outputs(groups: list[list[str]]) -> None:
        several = len(groups) > 1
        seen: dict[Path, str] = {}
        for zone_ids in groups:
            pdf = _for_zones(output, zone_ids, several)
            for path, option, suffixes in outputs:
                path = _for_zones(path, zone_ids, several)
                if path is None:
                    continue
                _output_file(path, option, suffixes, read)
                if option != "-o" and path.resolve() == pdf.resolve():
                    raise click.BadParameter(f"{path} is also the PDF's path (-o)", param_hint=option)
                if path.resolve() in seen:
                    raise click.BadParameter(f"{path} would be written twice (also by {seen[path.resolve()]}); "
                                             f"give each brief its own zones, or put {ZONES_FIELD} in the name",
                                             param_hint=option)
                seen[path.resolve()] = option

    if ZONES_FIELD not in str(output):
        check_outputs([["x"]])  # the common case fails before the profiles are read
    check_fonts()  # fail before the work, not after it
    from zoneprofile.render.templates import BUILTIN_FILES, confined

    for name in BUILTIN_FILES:  # a link out of the template folder, a pipe: refused now, not after extracting
        confined(name, template_dirs(templates_dir))

    def zone_groups(profiles):
        try:
            groups = zone_groups_of(profiles)
        except ZoneprofileError as exc:
            raise click.BadParameter(str(exc), param_hint=zones_hint) from None
        check_outputs(groups)
        return groups

    from zoneprofile.pipeline import COMMAND

    if COMMAND.while_waiting is _warm_up_brief:
        COMMAND.while_waiting = lambda: _warm_up_brief(templates_dir)
    contexts, facts, docs = brief_contexts(corpus, profiles_dir, zone_groups, templates_dir, facts_path)
    _report(facts, docs)
    from zoneprofile.render.brief import render_brief

    several = len(contexts) > 1
    cache = pdf_cache()
    try:
        for zone_ids, context in contexts:
            path = render_brief(context, _for_zones(output, zone_ids, several), templates_dir,
                                _for_zones(html_path, zone_ids, several),
                                inputs=(facts_path if facts_path is not None else corpus, profiles_dir),
                                stylesheet=stylesheet, context_path=_for_zones(context_path, zone_ids, several),
                                pdf_cache=cache)
            _done(path)
    finally:
        if cache is not None:
            cache.close()


@cli.command(epilog="""\b
Several briefs in one run (the corpus is read and extracted once, WeasyPrint
and the fonts load once):
  brief --zones a,b --zones a,c        one brief per --zones
  brief --against a                    a against each other zone: a+b, a+c, ...
  brief --against a --zones b,c        a against b, then a against c
Each brief's files are named with the zones' ids joined by '+': -o, --html and
--context-json take {zones} (-o 'briefs/{zones}.pdf'), else '-<ids>' is added
to the file name (output/brief-a+b.pdf). One zone makes a one-zone profile.""")
@corpus_argument
@profiles_option
@click.option("--zones", multiple=True,
              help="Comma-separated profile ids to compare, in order [default: all profiles]. "
                   "Give it again for another brief in the same run.")
@click.option("--against", "against", default=None, metavar="ZONE",
              help="One brief of ZONE against each other zone (of --zones, else of all profiles), ZONE first.")
@_render_options("output/brief.pdf")
def brief(corpus, profiles_dir, zones, against, output, templates_dir, stylesheet, html_path, context_path,
          facts_path) -> None:
    """Render the side-by-side comparison brief of CORPUS (or of --facts) as a PDF."""
    from zoneprofile.render.zones import zone_groups

    if against is not None and len(zones) > 1:
        raise click.BadParameter("--against goes with one --zones (the zones to set against it), not several",
                                 param_hint="--against")
    _render(corpus, profiles_dir, lambda profiles: zone_groups(profiles, zones, against), output, templates_dir,
            stylesheet, html_path, context_path, facts_path, "--against" if against else "--zones")


@cli.command()
@click.argument("zone_id")
@corpus_argument
@profiles_option
@_render_options("output/profile.pdf")
def profile(zone_id, corpus, profiles_dir, output, templates_dir, stylesheet, html_path, context_path,
            facts_path) -> None:
    """Render one zone's profile (ZONE_ID, a profile id) from CORPUS (or from --facts) as a PDF."""
    from zoneprofile.render.zones import select_zones

    _render(corpus, profiles_dir, lambda profiles: [select_zones(profiles, zone_id)], output, templates_dir,
            stylesheet, html_path, context_path, facts_path, "ZONE_ID")


@cli.command()
@corpus_argument
@profiles_option
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), default=None,
              help="Your templates folder: its files override the built-in ones by name.")
@click.option("--stylesheet", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="A CSS file applied after the templates' styles.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def serve(corpus, profiles_dir, templates_dir, stylesheet, port) -> None:
    """Preview the brief in a browser; it reloads when a template, theme, stylesheet, profile or text changes."""
    from zoneprofile.render.templates import template_dirs
    from zoneprofile.serve import Preview, serve_forever

    template_dirs(templates_dir)  # a missing folder is a clear error now, not a page later
    preview = Preview(corpus, profiles_dir, templates_dir, stylesheet)
    preview.data()  # extract once before the first page, and fail early on bad input
    serve_forever(preview, port)


@cli.group()
def templates() -> None:
    """Start, inspect and document your own templates."""


@templates.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace files that already exist.")
def templates_init(directory: Path, force: bool) -> None:
    """Copy the built-in templates into DIRECTORY to start from (then: brief --templates DIRECTORY)."""
    from zoneprofile.render.templates import init_templates

    for path in init_templates(directory, force):
        click.echo(printable(f"wrote {path}"), err=True)


@templates.command("list")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), default=None,
              help="Your templates folder.")
def templates_list(templates_dir: Path | None) -> None:
    """Show the lookup order and which file wins for each template."""
    from zoneprofile.render.templates import lookup, template_dirs

    dirs = template_dirs(templates_dir)
    click.echo("lookup order: " + " → ".join(str(d) for d in dirs) + " (built-ins also as default:NAME)")
    for name, winner, hidden in lookup(templates_dir):
        also = f"   (overrides {', '.join(map(str, hidden))})" if hidden else ""
        click.echo(f"{name:<18} {winner}{also}")


@templates.command("docs")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("docs/templates.md"), show_default=True)
@click.option("--indicators-output", type=click.Path(path_type=Path), default=Path("docs/indicators.md"),
              show_default=True, help="Where to write the reference of the built-in indicator catalogue.")
def templates_docs(output: Path, indicators_output: Path) -> None:
    """Write the template reference (every variable, block, filter and CSS hook) and the indicator
    catalogue's reference from the code."""
    from zoneprofile.render.templatedocs import indicators_reference, reference
    from zoneprofile.store.outputs import atomic_write

    for path, text in ((output, reference()), (indicators_output, indicators_reference())):
        atomic_write(path, lambda tmp, text=text: Path(tmp).write_text(text, encoding="utf-8"))
        _done(path)


@cli.command()
@click.argument("gold", type=click.Path(path_type=Path))
@corpus_argument
@profiles_option
@click.option("--details", is_flag=True, help="List every missed, wrong and extra fact.")
@templates_option
def evaluate(gold: Path, corpus: Path, profiles_dir: Path, details: bool, templates_dir: Path | None) -> None:
    """Score the extraction of CORPUS against GOLD (a JSONL file or a folder of them):
    precision and recall per kind, accuracy per field. An alignment gold (records with a `type`:
    year, row, apart, single) scores the comparison instead: rows aligned, wrong rows, data years."""
    from zoneprofile.evaluate.alignment import format_scores, is_alignment_gold
    from zoneprofile.evaluate.extraction import evaluate as score
    from zoneprofile.evaluate.extraction import format_report, load_gold, metadata_spans
    from zoneprofile.pipeline import run_extract, score_alignment, use_catalogue

    if is_alignment_gold(gold):
        click.echo(format_scores(score_alignment(gold, corpus, profiles_dir, templates_dir), details))
        return

    truth = load_gold(gold)
    use_catalogue(templates_dir)
    df, docs, _ = run_extract(corpus, profiles_dir)
    click.echo(format_report(score(df, truth, metadata_spans(docs)), details))


@cli.command()
@corpus_argument
@profiles_option
@click.option("--discover", is_flag=True, help="List zones the corpus names that no profile claims.")
@click.option("--write", "write_dir", type=click.Path(path_type=Path), default=None,
              help="With --discover: write a draft profile for each into this folder (existing files are kept).")
def zones(corpus: Path, profiles_dir: Path, discover: bool, write_dir: Path | None) -> None:
    """List the zones the profiles define, or (--discover) those the corpus names that none claims."""
    from zoneprofile.read.profiles import load_profiles

    if write_dir and not discover:
        raise click.UsageError("--write goes with --discover")
    if not discover:
        profiles = load_profiles(profiles_dir)
        for p in profiles:
            click.echo(printable(f"{p.id}\t{p.name}\t{p.kind}\t{p.city}\t{'、'.join(p.aliases)}"))
        return
    from zoneprofile.extract.discover import discover as find
    from zoneprofile.extract.discover import draft_profile, profile_id
    from zoneprofile.lang.dictionary import prepare_dictionary
    from zoneprofile.pipeline import load_inputs
    from zoneprofile.read.corpus import read_corpus
    from zoneprofile.store.outputs import atomic_write

    if write_dir is not None and write_dir.exists() and not write_dir.is_dir():
        raise click.BadParameter(f"{write_dir} is a file, not a folder", param_hint="--write")
    profiles, manifest = load_inputs(corpus, profiles_dir)
    prepare_dictionary(profiles)
    found = find(read_corpus(corpus, manifest), profiles)
    if not found:
        click.echo("no unclaimed zone names found", err=True)
    for c in found:
        click.echo(printable(f"{c.name}\t{c.kind}\t{c.count} mentions in {len(c.docs)} documents\t{c.example}"))
        if write_dir:
            target = Path(write_dir) / f"{profile_id(c.name)}.yaml"
            if target.exists():
                click.echo(printable(f"  kept existing {target}"), err=True)
                continue
            text = draft_profile(c)
            atomic_write(target, lambda tmp, text=text: Path(tmp).write_text(text, encoding="utf-8"))
            click.echo(printable(f"  wrote {target}"), err=True)


def _fail(message: str, code: int = EXIT_PROBLEM) -> None:
    click.echo(printable(f"zoneprofile: error: {message}"), err=True)
    sys.exit(code)


# ---------------------------------------------------------------- speed: --jobs, --no-cache
def _import_facts() -> None:
    import zoneprofile.store.facts  # noqa: F401  (pandas)


def _warm_up_brief(templates_dir=None) -> None:
    import zoneprofile.render.brief  # noqa: F401  (the comparison's modules)
    from zoneprofile.pipeline import COMMAND
    from zoneprofile.render.pdf import warm_up
    from zoneprofile.render.templates import precompile
    from zoneprofile.store.cache import default_cache_dir

    warm_up()  # WeasyPrint, Jinja2 and the fonts, ~0.6 s
    precompile(templates_dir, default_cache_dir() if COMMAND.use_cache else None)  # ~0.2 s when not cached
    if COMMAND.use_cache:
        from zoneprofile.render.pdf import fonts_fingerprint, renderer_fingerprint

        fonts_fingerprint(), renderer_fingerprint()  # the PDF's key, ~0.05 s, ahead of it


# The commands that extract, and what each imports while worker processes extract (a worker
# starts only for what the cache does not answer: pipeline, run/stream.py).
EXTRACTING_COMMANDS = {"extract": _import_facts, "brief": _warm_up_brief, "profile": _warm_up_brief,
                       "evaluate": None}


def _add_speed_options(command: click.Command, while_waiting) -> None:
    """--jobs and --no-cache on a command that extracts. They set pipeline.COMMAND, which
    run_extract follows, so the commands themselves keep their signatures."""

    def set_jobs(ctx: click.Context, _param, value: int | None) -> None:
        from zoneprofile.pipeline import COMMAND

        COMMAND.jobs = value
        COMMAND.while_waiting = while_waiting
        COMMAND.keep_docs = command.name != "extract"  # the brief and evaluate read the texts again
        # a progress bar for people at a terminal: never in pipes, logs or CI (and only past 1 s)
        quiet = (ctx.find_root().obj or {}).get("quiet")
        COMMAND.progress = not quiet and sys.stderr.isatty() and not os.environ.get("CI")

    def set_cache(_ctx: click.Context, _param, value: bool) -> None:
        from zoneprofile.pipeline import COMMAND

        COMMAND.use_cache = not value

    command.params += [
        click.Option(["-j", "--jobs"], type=click.IntRange(min=0), default=None, expose_value=False,
                     callback=set_jobs,
                     help="Worker processes for extraction; 0 extracts in this process "
                          "[default: one per core, fewer for a small corpus]."),
        click.Option(["--no-cache"], is_flag=True, expose_value=False, callback=set_cache,
                     help="Extract every document (and render every PDF) again, neither reading nor "
                          "writing the cache ($ZONEPROFILE_CACHE_DIR, else ~/.cache/zoneprofile)."),
    ]


for _name, _while_waiting in EXTRACTING_COMMANDS.items():
    if _name in cli.commands:
        _add_speed_options(cli.commands[_name], _while_waiting)


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into what Ctrl-C raises, so that everything is cleaned up the same way:
    the worker processes stopped, temporary files removed, the fact store's lock let go."""


def _on_sigterm(signum, frame):
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the cleanup is not interrupted again
    raise Terminated()


def main(argv: list[str] | None = None) -> None:
    import signal
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        _main(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        pipeline = sys.modules.get("zoneprofile.pipeline")
        if pipeline is not None:
            pipeline.COMMAND = pipeline.CommandOptions()  # a second call in this process starts afresh
    if argv is None:  # the command line itself, done: not a caller of main() in its own process
        _exit_done()


def _exit_done() -> None:
    """End a command that succeeded without tearing down its objects one by one: after a brief,
    freeing what WeasyPrint built takes Python 0.3-0.5 s here, which the process's exit does at
    once. Its files are written and closed by now (atomically), its pools and caches closed;
    what a normal exit runs is run first (atexit: logging's flush, multiprocessing's finalizers),
    the output flushed, and the exit code is 0."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a pipe whose reader is gone
            pass
    os._exit(EXIT_OK)


def _main(argv: list[str] | None) -> None:
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="zoneprofile", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:  # a bad option or argument: exit 2, one line
        if debug:
            raise
        command = exc.ctx.command_path if exc.ctx else "zoneprofile"
        _fail(f"{exc.format_message()} (see '{command} --help')", EXIT_USAGE)
    except click.ClickException as exc:
        if debug:
            raise
        _fail(exc.format_message(), exc.exit_code)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, Terminated):
            click.echo("zoneprofile: stopped (SIGTERM)", err=True)
            sys.exit(128 + 15)
        click.echo("zoneprofile: aborted", err=True)
        sys.exit(EXIT_PROBLEM)
    except Terminated:  # outside click's own handling
        click.echo("zoneprofile: stopped (SIGTERM)", err=True)
        sys.exit(128 + 15)
    except UsageError as exc:
        if debug:
            raise
        _fail(str(exc), EXIT_USAGE)
    except ConfigError as exc:
        if debug:
            raise
        for problem in exc.problems:
            click.echo(printable(f"zoneprofile: error: {problem}"), err=True)
        sys.exit(EXIT_PROBLEM)
    except BrokenPipeError:  # the output piped into `head`: stop quietly
        sys.stderr.close()
        sys.exit(EXIT_PROBLEM)
    except (ZoneprofileError, OSError) as exc:
        if debug:
            raise
        _fail(str(exc))
    except Exception as exc:  # a bug of ours: still one line, the traceback on --debug
        if debug:
            raise
        _fail(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
