"""The tree is the architecture: each folder of src/zoneprofile/ is a step of the pipeline, and no
step imports a step above it (pyproject.toml's import-linter contract; docs/architecture.md)."""

import ast
import os

from conftest import ROOT

PACKAGE = ROOT / "src" / "zoneprofile"
STEPS = ["read", "lang", "extract", "store", "compare", "render", "evaluate", "run"]


def test_no_step_imports_a_step_above_it(capsys):
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_every_step_folder_says_what_it_takes_and_gives():
    for step in STEPS:
        doc = ast.get_docstring(ast.parse((PACKAGE / step / "__init__.py").read_text(encoding="utf-8")))
        assert doc and ("Takes" in doc or "takes" in doc), step


def test_every_module_is_in_a_step_folder_or_at_the_top_by_design():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "errors.py", "pipeline.py", "serve.py"]
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert folders == sorted(STEPS)


def test_tests_mirror_the_layout():
    """A change to a step has its tests beside it by name: tests/<step>/ for each step folder."""
    tests = ROOT / "tests"
    for step in STEPS:
        assert (tests / step).is_dir() and any((tests / step).glob("test_*.py")), step
    stray = [name for name in os.listdir(tests) if name.startswith("test_") and name.endswith(".py")
             and not name.startswith("test_attacks_")]  # attacks across the steps (issue 16)
    assert sorted(stray) == ["test_cli.py", "test_docs.py", "test_hostile.py", "test_layers.py", "test_serve.py"]
