"""A logistic model over named, binary features, loaded from a JSON weights file.

Scoring needs nothing but the weights: no scikit-learn (it trains them, in training/learn.py)
and no numpy, so a lint stays as cheap as a dictionary lookup per feature."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass
class Verdict:
    """A model's probability for one input, and the features that pushed it up most."""

    probability: float
    threshold: float
    reasons: list[tuple[str, float]] = field(default_factory=list)  # (feature, weight), strongest first

    @property
    def positive(self) -> bool:
        return self.probability >= self.threshold


@dataclass
class LinearModel:
    name: str
    weights: dict[str, float]
    bias: float
    threshold: float  # chosen on the validation split for precision first
    meta: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> "LinearModel":
        return cls(data["name"], dict(data["weights"]), float(data["bias"]), float(data["threshold"]),
                   dict(data.get("meta", {})))

    def to_dict(self) -> dict:
        return {"name": self.name, "bias": self.bias, "threshold": self.threshold, "meta": self.meta,
                "weights": dict(sorted(self.weights.items()))}

    def probability(self, features) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def judge(self, features, *, threshold: float | None = None, top: int = 3, telling=None) -> Verdict:
        """The probability, and the `top` features that pushed it up most (those `telling`
        accepts, when given: the ones worth naming to a reader)."""
        features = set(features)
        pushed = sorted(((f, self.weights[f]) for f in features
                         if self.weights.get(f, 0.0) > 0 and (telling is None or telling(f))),
                        key=lambda fw: -fw[1])
        return Verdict(self.probability(features), self.threshold if threshold is None else threshold,
                       pushed[:top])


@lru_cache(maxsize=None)
def load(name: str) -> LinearModel:
    """The shipped model `name` (replylint/models/judgements/NAME.json)."""
    path = resources.files("replylint") / "models" / "judgements" / f"{name}.json"
    return LinearModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
