"""read/yamlsafe.py: libyaml's parser where PyYAML has it, with the pure-Python loader's refusals."""

from pathlib import Path

import pytest
import yaml

from zoneprofile.read.yamlsafe import SafeLoader, load_yaml

ROOT = Path(__file__).resolve().parents[2]


def _pure(text):
    loader = SafeLoader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


@pytest.mark.parametrize("path", sorted((ROOT / "templates").glob("*.yaml")) + sorted((ROOT / "profiles").glob("*.yaml")))
def test_the_fast_loader_reads_what_the_pure_one_reads(path):
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == _pure(text)


def test_keys_given_twice_are_noted_with_their_line():
    assert load_yaml("a: 1\nb: {c: 2}\na: 3\n") == ({"a": 3, "b": {"c": 2}}, [("a", 3)])


@pytest.mark.parametrize("text, says", [
    ("a: &x [1]\nb: *x\n", "an alias (*x) is not allowed"),
    ("[" * 60 + "]" * 60, "nested more than 50"),
    ("[" * 20000 + "]" * 20000, "nested more than 50"),  # libyaml's own limit met first: the same words
    ("[" * 50 + "1" + "]" * 50, "nested more than 50"),  # a scalar is a node too, as the pure loader counts
    ("a: \ud800\n", "not valid Unicode"),
])
def test_what_a_hostile_file_could_blow_up_with_is_refused(text, says):
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml(text)
    assert says in str(caught.value)
    if "Unicode" not in says:
        with pytest.raises(yaml.YAMLError):
            _pure(text)  # the pure loader refuses it too
