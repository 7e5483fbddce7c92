"""Build the spaCy pipeline once per process and hand out the cached instance."""
from __future__ import annotations

import threading

from ..errors import ConfigError

_PIPELINES: dict[str | None, object] = {}
_LOCK = threading.Lock()


def _blank():
    import spacy

    from .components import add_upper_case_contractions

    nlp = spacy.blank("en")
    add_upper_case_contractions(nlp)
    nlp.add_pipe("replylint_placeholders")
    # Lookup lemmas from spacy-lookups-data: no statistical model, nothing downloaded.
    # spaCy's Lemmatizer, memoised per word (components.LookupLemmatizer), under its usual name.
    nlp.add_pipe("replylint_lookup_lemmatizer", name="lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("replylint_lemmas")
    nlp.add_pipe("replylint_sentences")
    nlp.initialize()
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
    """The pipeline for `model` (None: blank English with lookup lemmas), built once."""
    nlp = _PIPELINES.get(model)
    if nlp is not None:
        return nlp
    with _LOCK:
        if model not in _PIPELINES:
            from . import components, extensions  # noqa: F401  (registers factories)

            extensions.register()
            nlp = _blank() if model is None else _from_model(model)
            _keep_long_runs_whole(nlp)
            _PIPELINES[model] = nlp
    return _PIPELINES[model]


def process(nlp, text: str, zones: list[tuple[int, int, str]] | None = None):
    """Run the pipeline on text whose zones are known before sentence splitting."""
    from .extensions import TEXT

    doc = nlp.make_doc(text)
    doc.user_data[TEXT] = text  # the tokens join back to it exactly; nlp.extensions.text_of
    doc._.zones = zones or []
    return nlp(doc)
