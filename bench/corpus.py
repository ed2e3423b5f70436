"""A large corpus for the benchmark, made from the seeds and the tests' texts with variations:
zones renamed, paragraphs shuffled and sampled, figures changed, a few files in GB18030.

    python bench/corpus.py OUT_DIR [--docs 2000] [--seed 1]

Deterministic for a given seed. Each document keeps a seed's headline paragraphs, then a random
sample of body paragraphs (from any seed, shuffled) and now and then a sentence from the tests,
~3 KB of UTF-8 on average, so 2,000 documents make ~6 MB.
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITIES = ["常州", "南通", "扬州", "泰州", "无锡", "苏州", "盐城", "淮安", "宿迁", "徐州", "南京", "合肥", "芜湖",
          "嘉兴", "湖州", "绍兴", "台州", "温州", "济南", "青岛"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def seed_paragraphs() -> list[tuple[list[str], list[str]]]:
    """Per seed: (headline paragraphs, body paragraphs)."""
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paras = [p for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
        head = 0
        while head < len(paras) and (paras[head].lstrip().startswith("#") or len(paras[head]) < 40):
            head += 1
        out.append((paras[:head], paras[head:]))
    return out


def test_sentences() -> list[str]:
    """The Chinese texts the tests use (string literals with a full sentence)."""
    out = []
    # every test module, in the order of their names (as when they all stood in tests/)
    for path in sorted((ROOT / "tests").glob("**/*.py"), key=lambda p: p.name):
        if "other_zones" in path.parts:
            continue
        if path.name in ("test_perf.py", "test_pdf_cache.py"):
            continue  # made for the speed-ups, not the genre: the corpus stays as it was before them
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and "。" in node.value
                    and len(HAN.findall(node.value)) >= 15):
                out.append(node.value.strip())
    return out


def change_figures(text: str, rng: random.Random) -> str:
    def repl(m: re.Match) -> str:
        digits = m.group()
        if rng.random() < 0.4:
            return digits
        new = "".join(str(rng.randint(0, 9)) for _ in digits)
        if digits[0] != "0" and len(digits) > 1:
            new = str(rng.randint(1, 9)) + new[1:]
        return new

    return re.sub(r"\d+", repl, text)


def make_document(seeds, sentences, rng: random.Random) -> str:
    head, _ = rng.choice(seeds)
    bodies = [p for _, body in seeds for p in body]
    target = rng.randint(1500, 4500)  # bytes of UTF-8
    paras = list(head)
    size = sum(len(p.encode()) for p in paras)
    while size < target:
        p = rng.choice(bodies) if rng.random() > 0.08 else rng.choice(sentences)
        paras.append(p)
        size += len(p.encode())
    body = paras[len(head):]
    rng.shuffle(body)
    text = "\n\n".join(paras[:len(head)] + body) + "\n"
    if rng.random() < 0.5:  # another city's zones: 常州新区, 常州高新区 ...
        text = text.replace("镇江", rng.choice(CITIES))
    return change_figures(text, rng)


def build(out: Path, docs: int = 2000, seed: int = 1) -> tuple[int, int]:
    """Write the corpus into `out` (replacing it); returns (documents, bytes)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    seeds, sentences = seed_paragraphs(), test_sentences()
    total = 0
    for i in range(docs):
        text = make_document(seeds, sentences, rng)
        data = text.encode("gb18030" if rng.random() < 0.05 else "utf-8")
        (out / f"{i // 1000:02d}" if docs > 1000 else out).mkdir(exist_ok=True)
        path = (out / f"{i // 1000:02d}" if docs > 1000 else out) / f"doc{i:05d}.txt"
        path.write_bytes(data)
        total += len(data)
    return docs, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n, size = build(args.out, args.docs, args.seed)
    print(f"{n} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
