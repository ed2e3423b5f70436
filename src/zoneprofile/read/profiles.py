"""Step 0: load and validate the zone profiles (one YAML file per zone)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zoneprofile.errors import ProfileError
from zoneprofile.read.files import NotRegularFile, TooBig, is_regular, read_regular
from zoneprofile.read.yamlsafe import load_yaml, quote, yaml_problem, yaml_where

log = logging.getLogger(__name__)

REQUIRED = ("id", "name", "aliases", "kind", "city")
OPTIONAL = ("draft",)  # draft: true marks a profile written by `zones --discover` and not yet checked
FIELDS = REQUIRED + OPTIONAL
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_VALID = f"fields are {', '.join(REQUIRED)} (and optionally {', '.join(OPTIONAL)})"


def _close(key: str, choices) -> str | None:
    import difflib

    found = difflib.get_close_matches(str(key), list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


MAX_PROFILE_BYTES = 1 << 20  # a profile is a few lines


def _load_yaml(path: Path) -> tuple[object, list[tuple[str, int]]]:
    """(data, keys given twice with their line) of one YAML file in any encoding the corpus may use."""
    from zoneprofile.read.corpus import decode_bytes

    decoded = decode_bytes(read_regular(path, MAX_PROFILE_BYTES))
    if decoded.replaced:
        raise ValueError(f"{decoded.replaced} byte(s) are not valid {decoded.encoding}; save it as UTF-8")
    return load_yaml(decoded.text)


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


# A class word alone (新区, 高新区, 经开区 …, or its 管委会): what an article calls the zone it is about. Two
# zones of one city may both list it; in a text it is read as the zone of that class the text names.
GENERIC = re.compile(r"(?:国家级|本|我)?(?:新区|高新区|经开区|开发区|经济开发区|经济技术开发区|高新技术产业开发区|工业园区|"
                     r"产业园区|园区|自贸区|保税区|综保区|新城)(?:管委会|管理委员会|党工委)?")


def is_generic(name: str) -> bool:
    """Whether a name is a class word alone (新区, 高新区管委会), not the name of one zone."""
    return GENERIC.fullmatch(name) is not None


def _check_one(path: Path, data: object, problems: list[str]) -> Profile | None:
    if data is None:
        problems.append(f"{path}: the file is empty; {_VALID}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path}: expected a mapping of fields ({_VALID}), found a {type(data).__name__}")
        return None
    ok = True
    unknown = [k for k in data if not isinstance(k, str) or k not in FIELDS]
    explained = set()
    for key in REQUIRED:
        if key not in data or data[key] is None or (isinstance(data[key], str) and not data[key].strip()):
            typo = next((k for k in unknown if _close(k, [key])), None)
            hint = f" (is {typo!r} a misspelling of it?)" if typo is not None else ""
            explained.add(typo)
            problems.append(f"{path}: missing field '{key}'{hint}; {_VALID}")
            ok = False
    for key in unknown:
        if key not in explained:
            guess = _close(key, FIELDS)
            hint = f" (did you mean {guess!r}?)" if guess else ""
            problems.append(f"{path}: unknown field {quote(key)}{hint}; {_VALID}")
            ok = False
    if not ok:
        return None
    for key in ("id", "name", "kind", "city"):
        if not isinstance(data[key], str):
            problems.append(f"{path}: field '{key}' must be text, found {quote(data[key])}")
            ok = False
    if "draft" in data and not isinstance(data["draft"], bool):
        problems.append(f"{path}: field 'draft' must be true or false, found {quote(data['draft'])}")
        ok = False
    aliases = data["aliases"]
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(f"{path}: field 'aliases' must be a list of names such as [新区, 镇江经开区], "
                        f"found {quote(data['aliases'])}")
        ok = False
    if not ok:
        return None
    short = [n for n in (data["name"], *aliases) if len(n.strip()) < 2]
    if short:
        field_name = "name" if data["name"] in short else "aliases"
        problems.append(f"{path}: field '{field_name}' has {', '.join(map(quote, short))}: a zone's names need "
                        f"at least two characters (one would match everywhere)")
        return None
    if not ID_RE.match(data["id"]):
        problems.append(
            f"{path}: field 'id' must be lower-case ASCII letters, digits, '-' or '_', found {quote(data['id'])}"
        )
        return None
    if path.stem != data["id"]:
        problems.append(f"{path}: field 'id' is {quote(data['id'])} but the file must be named {data['id']}.yaml")
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
    skipped = [p for p in files if not is_regular(p)]
    for path in skipped:  # a named pipe would hang the run, a link to /dev/zero fill the memory
        log.warning("%s: not a regular file, skipped", path)
    files = [p for p in files if p not in skipped]
    if not files:
        raise ProfileError([f"{directory}: no profile files (*.yaml) found"])
    problems: list[str] = []
    profiles: list[Profile] = []
    for path in files:
        try:
            data, duplicates = _load_yaml(path)
        except NotRegularFile:  # replaced since it was listed
            log.warning("%s: not a regular file, skipped", path)
            continue
        except TooBig as exc:
            problems.append(f"{path}: {exc.strerror} for a profile (a profile is a few lines)")
            continue
        except OSError as exc:
            problems.append(f"{path}: cannot read it ({exc.strerror or exc})")
            continue
        except ValueError as exc:
            problems.append(f"{path}: not a text file ({exc})")
            continue
        except yaml.YAMLError as exc:
            problems.append(f"{yaml_where(path, exc)}: not valid YAML ({yaml_problem(exc)})")
            continue
        for key, line in duplicates:
            problems.append(f"{path}:{line}: field {key!r} is given twice; keep one")
        profile = _check_one(path, data, problems)
        if profile and not duplicates:
            profiles.append(profile)
            if profile.extra.get("draft"):
                log.warning("%s: a draft profile (written by zones --discover): check it, then remove 'draft'", path)
    seen_ids: dict[str, Path] = {}
    claimed: dict[str, Profile] = {}
    for p in profiles:
        if p.id in seen_ids:
            problems.append(f"{p.path}: field 'id' duplicates {quote(p.id)} from {seen_ids[p.id]}")
        seen_ids.setdefault(p.id, p.path)
        for name in p.names:
            other = claimed.get(name)
            if other is not None and other.id != p.id and not (is_generic(name) and name != p.name):
                problems.append(
                    f"{p.path}: field 'aliases' claims {quote(name)}, already claimed by {other.path} ({other.id})"
                )
            claimed.setdefault(name, p)
    if problems:
        raise ProfileError(problems)
    return profiles
