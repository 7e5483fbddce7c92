"""Would a pre-send hook stop this message? One answer for the server, the sendmail wrapper
and any client, so that none of them re-implements `fail-on`."""
from __future__ import annotations

from .finding import SEVERITY_RANK


def verdict(results, fail_on: str) -> dict:
    """{"blocked", "fail_on", "reason", "blocking"}: blocked when the message could not be read
    or has a finding at `fail_on` or above; `blocking` lists those findings' indexes into
    the report's `findings` (sorted as the report sorts them)."""
    from .reporters.common import ordered

    if results.errors:
        reasons = "; ".join(f"{e.path}: {e.reason}" for e in results.errors)
        return {"blocked": True, "fail_on": fail_on, "reason": f"the message could not be read: {reasons}",
                "blocking": []}
    threshold = SEVERITY_RANK[fail_on]
    blocking = [i for i, f in enumerate(ordered(results.findings)) if SEVERITY_RANK[f.severity] >= threshold]
    if not blocking:
        return {"blocked": False, "fail_on": fail_on, "reason": f"no finding at {fail_on} or above", "blocking": []}
    found = ordered(results.findings)
    codes = ", ".join(sorted({found[i].code for i in blocking}))
    return {"blocked": True, "fail_on": fail_on, "blocking": blocking,
            "reason": f"{len(blocking)} finding{'s' if len(blocking) != 1 else ''} at {fail_on} or above ({codes})"}
