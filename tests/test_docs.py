"""The README a newcomer reads in five minutes, and docs pages that say what the code does."""

import re

from conftest import ROOT

README = ROOT / "README.md"


def test_the_readme_is_short_and_keeps_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 150
    assert "```sh\nbash scripts/install.sh\n```" in text and "```sh\nbash scripts/test.sh\n```" in text
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("bash scripts/test.sh")


def test_every_link_of_the_readme_and_the_docs_leads_to_a_file():
    pages = [README, *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)|src=\"([^\"]+)\"", page.read_text(encoding="utf-8")):
            target = next(t for t in target if t)
            if re.match(r"[a-z]+://", target):
                continue
            assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"
