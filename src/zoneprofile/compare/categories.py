"""Categories of the brief (categories.yaml): which section each figure goes to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from zoneprofile.errors import ConfigError
from zoneprofile.read.yamlsafe import load_yaml

FIELDS = {"key", "title", "kinds", "keywords"}


@dataclass(frozen=True)
class CategoryRule:
    key: str
    title: str
    kinds: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Categories:
    rules: tuple[CategoryRule, ...]
    other: CategoryRule

    def classify(self, kind: str, metric: str | None, sentence: str, at: int | None = None) -> CategoryRule:
        """By kind, else by a keyword in the metric, else by the keyword of the sentence
        nearest to the figure (at = the figure's position in the sentence)."""
        for rule in self.rules:
            if kind in rule.kinds:
                return rule
        for rule in self.rules:
            if any(k in (metric or "") for k in rule.keywords):
                return rule
        at = len(sentence) // 2 if at is None else at
        best, distance = self.other, None
        for rule in self.rules:
            for k in rule.keywords:
                for m in re.finditer(re.escape(k), sentence):
                    d = min(abs(m.start() - at), abs(m.end() - at))
                    if distance is None or d < distance:
                        best, distance = rule, d
        return best

    @property
    def all(self) -> tuple[CategoryRule, ...]:
        return (*self.rules, self.other)


def load_categories(path: str | Path) -> Categories:
    """Load and validate; every problem is reported together (file and field)."""
    from zoneprofile.extract.record import QUANTITY_KINDS

    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))[0]  # no aliases (read/yamlsafe.py)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{path}: cannot read the categories ({exc})"]) from None
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise ConfigError([f"{path}: expected a mapping with a list under 'categories'"])
    rules, keys = [], set()
    for i, item in enumerate(data["categories"], 1):
        where = f"{path}: category {i}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping with key, title, kinds, keywords")
            continue
        unknown = set(item) - FIELDS
        if unknown:
            problems.append(f"{where}: unknown field {', '.join(map(repr, sorted(unknown)))}; "
                            f"fields are: {', '.join(sorted(FIELDS))}")
        for name in ("key", "title"):
            if not isinstance(item.get(name), str) or not item.get(name):
                problems.append(f"{where}: missing field '{name}'")
        kinds = item.get("kinds") or []
        bad = [k for k in kinds if k not in QUANTITY_KINDS]
        if bad:
            problems.append(f"{where}: field 'kinds' has {', '.join(map(repr, bad))}; "
                            f"choose from: {', '.join(QUANTITY_KINDS)}")
        if item.get("key") in keys:
            problems.append(f"{where}: field 'key' duplicates {item['key']!r}")
        keys.add(item.get("key"))
        words = item.get("keywords") or []
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            problems.append(f"{where}: field 'keywords' must be a list of words")
            words = []
        rules.append(CategoryRule(str(item.get("key")), str(item.get("title")), tuple(kinds), tuple(words)))
    other = data.get("other") or {"key": "other", "title": "其他"}
    if not isinstance(other, dict) or not other.get("key") or not other.get("title"):
        problems.append(f"{path}: field 'other' needs a key and a title")
        other = {"key": "other", "title": "其他"}
    if problems:
        raise ConfigError(problems)
    return Categories(tuple(rules), CategoryRule(other["key"], other["title"]))
