"""The complaint judgement of a customer's message, worked out once per document and shared
by the rules that read it (RL201, RL401)."""
from __future__ import annotations

from . import features
from . import linear


def features_of(ctx) -> frozenset[str]:
    """The complaint features of the customer's message (empty without one)."""
    if ctx.customer is None:
        return frozenset()
    if "complaint-features" not in ctx.cache:
        ctx.cache["complaint-features"] = frozenset(features.complaint_features(ctx.customer))
    return ctx.cache["complaint-features"]


def verdict(ctx, threshold: float | None = None):
    """The complaint model's Verdict on their message, or None without one."""
    if ctx.customer is None:
        return None
    key = ("complaint", threshold)
    if key not in ctx.cache:
        ctx.cache[key] = linear.load("complaint").judge(features_of(ctx), threshold=threshold,
                                                        telling=features.telling)
    return ctx.cache[key]


def complained(ctx) -> bool:
    found = verdict(ctx)
    return bool(found and found.positive)
