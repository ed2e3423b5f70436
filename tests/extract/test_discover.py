import subprocess
import sys

import yaml
from conftest import PROFILES, ROOT

TEXT = ("苏州工业园区与南京江北新区签约\n\n据悉，苏州工业园区今年新增企业1200家，南京江北新区引进项目35个。"
        "国家级经开区综合考评中，昆山经济技术开发区位列全国第5位。镇江新区也参加了会议。人才陆续加盟新区。\n")


def test_discover_lists_unclaimed_zones_and_writes_drafts(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(TEXT, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "zoneprofile", "zones", tmp_path / "c", "--profiles", PROFILES,
                             "--discover", "--write", tmp_path / "drafts"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    names = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert sorted(names) == ["南京江北新区", "昆山经济技术开发区", "苏州工业园区"]  # not 国家级经开区, 镇江新区, 加盟新区
    draft = yaml.safe_load((tmp_path / "drafts" / "su-zhou-gong-ye-yuan-qu.yaml").read_text(encoding="utf-8"))
    assert draft["name"] == "苏州工业园区" and draft["city"] == "苏州" and draft["draft"] is True
