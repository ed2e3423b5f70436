"""YAML as the tool reads it (profiles, the manifest, theme.yaml, categories.yaml): PyYAML's safe
loader without the two things a small hostile file can blow up with.

- No aliases (`*name`): ten lines of nested aliases stand for billions of values, and printing or
  walking one took 9 GB and minutes. Nothing the tool reads needs them; an alias is an error that
  names its line.
- At most MAX_DEPTH nested lists and mappings (20,000 nested `[` raised RecursionError).

Also `quote`, the one way a message shows a value from a file: at most a few dozen characters.
"""

from __future__ import annotations

import reprlib

import yaml

MAX_DEPTH = 50
QUOTE_CHARS = 40


class SafeLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses aliases and deep nesting, and notes keys given twice."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{event.anchor[:QUOTE_CHARS]}) is not allowed here; write the value out",
                event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        _note_duplicates(self, node)
        return yaml.SafeLoader.construct_mapping(self, node, deep)


def _note_duplicates(loader, node) -> None:
    seen = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.value in seen:
                loader.duplicates.append((key_node.value[:QUOTE_CHARS], key_node.start_mark.line + 1))
            seen.add(key_node.value)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser (several times faster: the indicator catalogue, 5,000 nodes, in 0.04 s instead
    of 0.19 s) with the same constructor; aliases and depth are refused from its events beforehand."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node, deep=False):
        _note_duplicates(self, node)
        return super().construct_mapping(node, deep)


_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_events(text: str) -> None:
    """What SafeLoader.compose_node refuses, found in libyaml's events: an alias, nesting too deep."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            depth = _check_event(event, depth)
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml's own limit (1,000 open brackets) met first
            raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                              exc.problem_mark) from None
        raise


def _check_event(event, depth: int) -> int:
    """The pure loader counts every node's depth, a scalar's too: a scalar inside 50 lists is 51 deep."""
    if isinstance(event, yaml.ScalarEvent) and depth + 1 > MAX_DEPTH:
        raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
    if isinstance(event, _OPEN):
        depth += 1
        if depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                              event.start_mark)
    elif isinstance(event, _CLOSE):
        depth -= 1
    elif isinstance(event, yaml.AliasEvent):
        raise yaml.composer.ComposerError(
            None, None, f"an alias (*{event.anchor[:QUOTE_CHARS]}) is not allowed here; write the value out",
            event.start_mark)
    return depth


def load_yaml(text: str) -> tuple[object, list[tuple[str, int]]]:
    """(data, keys given twice with their line) of one YAML document. Raises yaml.YAMLError."""
    if getattr(yaml, "__with_libyaml__", False):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: libyaml takes UTF-8 only
            raise yaml.YAMLError("characters that are not valid Unicode (lone surrogates)") from None
        try:
            _check_events(text)
        except RecursionError:
            raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep") from None
        loader = _FastLoader(text)
    else:
        loader = SafeLoader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    except RecursionError:  # a construct deeper than Python's stack, should any escape MAX_DEPTH
        raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, OverflowError) as exc:  # a value PyYAML cannot build (an int of 5,000 digits)
        raise yaml.YAMLError(f"a value that cannot be read ({str(exc)[:80]})") from None
    finally:
        loader.dispose()


def yaml_where(path, exc: Exception) -> str:
    """`path:line` of a YAML error, or the path."""
    mark = getattr(exc, "problem_mark", None)
    return f"{path}:{mark.line + 1}" if mark else str(path)


def yaml_problem(exc: Exception) -> str:
    """What a YAML error says, in one short line."""
    text = getattr(exc, "problem", None) or str(exc)
    return " ".join(str(text).split())[:200]


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict, _REPR.maxset = 2, 4, 4, 4, 4
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = QUOTE_CHARS


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """repr() of a value from a file, cut to about `limit` characters (reprlib: a few items of a
    list, two levels deep): a message never prints a whole document, nor walks a huge structure."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value)} characters)"
    try:
        text = _REPR.repr(value)
    except (ValueError, RecursionError):  # an int past Python's 4,300 digits
        text = f"a {type(value).__name__}"
    return text if len(text) <= 2 * limit else text[:2 * limit] + "…"
