"""Build the spaCy pipeline once per process and hand out the cached instance."""
from __future__ import annotations

import threading
from pathlib import Path

from ..errors import ConfigError

_PIPELINES: dict[str | None, object] = {}
_LOCK = threading.Lock()


# The tagger (morphologizer) and parser trained on UD English-EWT by training/train.py and
# shipped in the package under CC BY-SA 4.0 (replylint/models/en_replylint_ewt/LICENSE).
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "en_replylint_ewt"
def _default():
    import spacy

    from . import parse
    from .components import add_upper_case_contractions

    if not (MODEL_DIR / "config.cfg").exists():
        raise ConfigError(f"the trained pipeline is missing from the installation ({MODEL_DIR}); reinstall replylint")
    nlp = spacy.load(MODEL_DIR)
    add_upper_case_contractions(nlp)
    # The trained components run inside replylint_parse, over the zones the rules read only.
    for name in parse.COMPONENTS:
        nlp.disable_pipe(name)
    nlp.add_pipe("replylint_placeholders", first=True)
    # Email sentence starts (lines, bullets, zones) go in first; the parser keeps them.
    nlp.add_pipe("replylint_sentences")
    nlp.add_pipe("replylint_parse")
    # Lookup lemmas (spacy-lookups-data, nothing downloaded), whether or not the parse ran:
    # the rule packs' patterns are lemmatised the same way, and a rule's findings must not
    # depend on which other rules are selected. training/evaluate.py measures them against
    # spaCy's tag-aware English rules.
    lemmatizer = nlp.add_pipe("replylint_lookup_lemmatizer", name="lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize()
    nlp.add_pipe("replylint_lemmas")
    return nlp


def _from_model(name: str):
    import spacy

    try:
        nlp = spacy.load(name, exclude=["ner"])
    except OSError as exc:
        raise ConfigError(
            f"model {name!r} is named in the config but is not installed "
            f"(install it with: python -m spacy download {name}; or remove `model`)"
        ) from exc
    from .components import add_upper_case_contractions

    add_upper_case_contractions(nlp)
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if first:
        nlp.add_pipe("replylint_placeholders", before=first)
    else:
        nlp.add_pipe("replylint_placeholders")
    nlp.add_pipe("replylint_lemmas")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("replylint_sentences", before="parser")
    else:
        nlp.add_pipe("replylint_sentences")
    return nlp


LONG_RUN = 256  # characters without a space; no word is this long


def _keep_long_runs_whole(nlp) -> None:
    """spaCy peels affixes off a token one at a time and rescans the rest each time, so a
    run like "!!!!…" or '}}"}}"…' is quadratic (8,000 characters took 5 s, a 1 MB line hours).
    A run that long is kept as one token instead."""
    previous = nlp.tokenizer.token_match

    def token_match(text: str):
        return len(text) >= LONG_RUN or (previous is not None and previous(text))

    nlp.tokenizer.token_match = token_match


def get_pipeline(model: str | None = None):
    """The pipeline for `model` (None: the trained English pipeline shipped in the package), built once."""
    nlp = _PIPELINES.get(model)
    if nlp is not None:
        return nlp
    with _LOCK:
        if model not in _PIPELINES:
            from . import components, extensions, parse  # noqa: F401  (registers factories)

            extensions.register()
            nlp = _default() if model is None else _from_model(model)
            _keep_long_runs_whole(nlp)
            _PIPELINES[model] = nlp
    return _PIPELINES[model]


def process(nlp, text: str, zones: list[tuple[int, int, str]] | None = None, *, parse: bool = False):
    """Run the pipeline on text whose zones are known before sentence splitting; with `parse`
    the tagger and parser run too (only when a selected rule reads them: they are most of
    the cost)."""
    from .extensions import TEXT
    from .parse import WANTED

    doc = nlp.make_doc(text)
    doc.user_data[TEXT] = text  # the tokens join back to it exactly; nlp.extensions.text_of
    doc.user_data[WANTED] = parse
    doc._.zones = zones or []
    return nlp(doc)
