"""Step 0: load and validate the zone profiles (one YAML file per zone)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zoneprofile.errors import ProfileError

REQUIRED = ("id", "name", "aliases", "kind", "city")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    city: str
    path: Path | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The full name first, then the aliases."""
        return (self.name, *self.aliases)


def _check_one(path: Path, data: object, problems: list[str]) -> Profile | None:
    if not isinstance(data, dict):
        problems.append(f"{path}: expected a mapping of fields, found {type(data).__name__}")
        return None
    ok = True
    for key in REQUIRED:
        if key not in data or data[key] in (None, ""):
            problems.append(f"{path}: missing field '{key}'")
            ok = False
    if not ok:
        return None
    for key in ("id", "name", "kind", "city"):
        if not isinstance(data[key], str):
            problems.append(f"{path}: field '{key}' must be text, found {data[key]!r}")
            ok = False
    aliases = data["aliases"]
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(f"{path}: field 'aliases' must be a list of names, found {data['aliases']!r}")
        ok = False
    if not ok:
        return None
    if not ID_RE.match(data["id"]):
        problems.append(
            f"{path}: field 'id' must be lower-case ASCII letters, digits, '-' or '_', found {data['id']!r}"
        )
        return None
    if path.stem != data["id"]:
        problems.append(f"{path}: field 'id' is {data['id']!r} but the file must be named {data['id']}.yaml")
        return None
    extra = {k: v for k, v in data.items() if k not in REQUIRED}
    aliases = tuple(dict.fromkeys(a.strip() for a in aliases if a.strip() != data["name"].strip()))
    return Profile(data["id"], data["name"].strip(), aliases, data["kind"], data["city"], path, extra)


def load_profiles(directory: str | Path) -> list[Profile]:
    """Load every *.yaml / *.yml in `directory`; report all problems together."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ProfileError([f"{directory}: profiles folder not found"])
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not files:
        raise ProfileError([f"{directory}: no profile files (*.yaml) found"])
    problems: list[str] = []
    profiles: list[Profile] = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            problems.append(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})")
            continue
        profile = _check_one(path, data, problems)
        if profile:
            profiles.append(profile)
    seen_ids: dict[str, Path] = {}
    claimed: dict[str, Profile] = {}
    for p in profiles:
        if p.id in seen_ids:
            problems.append(f"{p.path}: field 'id' duplicates {p.id!r} from {seen_ids[p.id]}")
        seen_ids.setdefault(p.id, p.path)
        for name in p.names:
            other = claimed.get(name)
            if other is not None and other.id != p.id:
                problems.append(
                    f"{p.path}: field 'aliases' claims {name!r}, already claimed by {other.path} ({other.id})"
                )
            claimed.setdefault(name, p)
    if problems:
        raise ProfileError(problems)
    return profiles
