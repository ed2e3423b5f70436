import pytest

from zoneprofile.errors import ProfileError
from zoneprofile.read.profiles import load_profiles


def test_shipped_profiles_load(profiles):
    by_id = {p.id: p for p in profiles}
    assert by_id["zhenjiang-new-area"].name == "镇江新区"
    assert by_id["zhenjiang-hi-tech-zone"].kind == "国家级高新技术产业开发区"
    assert "新区" in by_id["zhenjiang-new-area"].aliases


def _problems(directory):
    with pytest.raises(ProfileError) as info:
        load_profiles(directory)
    return info.value.problems


def test_missing_field_names_file_and_field(profiles_dir):
    path = profiles_dir / "zhenjiang-new-area.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("city: 镇江\n", ""), encoding="utf-8")
    (problem,) = _problems(profiles_dir)
    assert "zhenjiang-new-area.yaml" in problem and "'city'" in problem


def test_duplicate_id(profiles_dir):
    text = (profiles_dir / "zhenjiang-new-area.yaml").read_text(encoding="utf-8")
    (profiles_dir / "copy.yaml").write_text(text.replace("aliases: [", "aliases: [别名甲, "), encoding="utf-8")
    problems = _problems(profiles_dir)
    assert any("copy.yaml" in p and "'id'" in p for p in problems)


def test_alias_claimed_by_two_zones(profiles_dir):
    path = profiles_dir / "zhenjiang-hi-tech-zone.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [", "aliases: [镇江经开区, "), encoding="utf-8")
    problems = _problems(profiles_dir)
    assert any("'aliases'" in p and "镇江经开区" in p and "zhenjiang-hi-tech-zone.yaml" in p for p in problems)


def test_all_problems_reported_together(profiles_dir):
    for name in ("zhenjiang-new-area.yaml", "zhenjiang-hi-tech-zone.yaml"):
        path = profiles_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace("kind:", "kinds:"), encoding="utf-8")
    (profiles_dir / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    problems = _problems(profiles_dir)
    assert len(problems) == 3
    assert any("broken.yaml" in p and "YAML" in p for p in problems)


def test_missing_folder(tmp_path):
    (problem,) = _problems(tmp_path / "nope")
    assert "not found" in problem
