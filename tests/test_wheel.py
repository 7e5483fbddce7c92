"""The built wheel carries the top-level rules/ packs and works on its own."""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    (path,) = out.glob("replylint-*.whl")
    return path


def test_wheel_contains_every_pack(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*") if p.is_file())
    assert packs, "the repository has no packs"
    missing = [p for p in packs if f"replylint/_packs/{p}" not in names]
    assert not missing
    assert not any(n.startswith("rules/") for n in names), "packs must live inside the package"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[replylint.packs]" in text and "[replylint.rules]" in text


def run_installed(wheel, tmp_path, code: str):
    """Install the wheel alone into a folder and run `code` there; its JSON output and the folder."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    return json.loads(out.stdout), target


def test_installed_wheel_loads_its_own_packs(wheel, tmp_path):
    code = (
        "import json, replylint, replylint.builtin as b;"
        "from replylint.plugins import load_registry;"
        "r = load_registry();"
        "print(json.dumps({'module': replylint.__file__, 'packs': str(b.pack_dir()),"
        " 'sources': sorted(p.source for p in r.plugins if p.kind == 'pack'), 'codes': sorted(r.rules)}))"
    )
    data, target = run_installed(wheel, tmp_path, code)
    assert data["module"].startswith(str(target))
    assert data["packs"] == str(target / "replylint" / "_packs")
    assert data["sources"] and all(s.startswith(str(target)) for s in data["sources"])
    assert "RL101" in data["codes"]


def test_wheel_ships_the_trained_model_with_its_licence(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    model = "replylint/models/en_replylint_ewt/"
    for part in ("config.cfg", "meta.json", "LICENSE", "README.md", "tok2vec/model", "morphologizer/model",
                 "parser/model"):
        assert model + part in names, part
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT AND CC-BY-SA-4.0" in metadata
    assert any(n.endswith("licenses/replylint/models/en_replylint_ewt/LICENSE") for n in names)
    size = sum(info.compress_size for info in zipfile.ZipFile(wheel).infolist() if info.filename.startswith(model))
    assert size < 20_000_000  # the model's share of the wheel stays small


def test_installed_wheel_parses_with_its_own_model(wheel, tmp_path):
    code = (
        "import json; from replylint.nlp.pipeline import MODEL_DIR, get_pipeline, process;"
        "doc = process(get_pipeline(), 'Please refund the extra charge.', parse=True);"
        "print(json.dumps({'model': str(MODEL_DIR), 'pos': [t.pos_ for t in doc], 'root': [t.text for t in doc if t.dep_ == 'ROOT']}))"
    )
    data, target = run_installed(wheel, tmp_path, code)
    assert data["model"].startswith(str(target))
    assert data["pos"][1] == "VERB" and data["root"] == ["refund"]


def test_installed_wheel_judges_with_its_own_learned_models(wheel, tmp_path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in ("complaint", "cold", "stock", "request", "unanswered"):
        assert f"replylint/models/judgements/{model}.json" in names
    code = (
        "import json, replylint; from replylint.learned import linear;"
        "fs = replylint.lint('Please DM us your order number.', \"Still haven't received my refund, 3 weeks now!\");"
        "print(json.dumps({'model': str(linear.__file__), "
        "'found': [[f.code, f.confidence] for f in fs if f.code == 'RL201']}))"
    )
    data, target = run_installed(wheel, tmp_path, code)
    assert data["model"].startswith(str(target))
    (code_, confidence), = data["found"]
    assert code_ == "RL201" and 0 < confidence <= 1
