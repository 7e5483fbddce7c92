import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def linter():
    from replylint import Linter

    return Linter()


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty directory so no repository config is picked up."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def copy_fixture(tmp_path):
    def copy(rel: str) -> Path:
        src = FIXTURES / rel
        dst = tmp_path / src.name
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy(src, dst)
        return dst

    return copy


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory, monkeypatch):
    """The developer's own ~/.config/replylint/replylint.toml must not change test results."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
