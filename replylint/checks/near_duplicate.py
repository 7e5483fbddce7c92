from __future__ import annotations

from ..repository import RepositoryRule
from ..rule import Option


class NearDuplicate(RepositoryRule):
    """
    ## What it flags
    A template that is nearly a copy of another one in the repository: the same sentences
    with a word or two changed ("Refund approved" and "Refund approved (v2)"). Similarity is
    the share of their words the two have in common, in order (difflib's ratio), with
    placeholders, case and punctuation ignored. Each template is reported once, against the
    most similar template before it (by file, then title). Runs after all files are read, on
    templates only.

    ## Why it matters
    Near-copies drift: one gets the new refund window, the other keeps the old one, and
    agents pick whichever they find first. Merge them, or make the difference plain.

    ## Example
    Two templates, "Refund approved" and "Refund approved (copy)", that differ only in
    "3-5 business days" and "5-7 business days".

    ## Better
    One "Refund approved" template, or two whose titles and text say what differs.

    ## Options
    `threshold` (0.8): the similarity at which two templates count as near-copies.
    `min-words` (8): shorter templates are left out (one-line snippets share too little).
    """

    code = "RL608"
    name = "near-duplicate-template"
    severity = "warning"
    summary = "A template that is nearly a copy of another template in the repository."
    options = {
        "threshold": Option(float, 0.8, "similarity (0-1) at which two templates count as near-copies"),
        "min-words": Option(int, 8, "templates with fewer words are not compared"),
    }

    def check_repository(self, templates):
        from ..similarity import similar_pairs

        order = sorted(range(len(templates)), key=lambda i: (templates[i].path, templates[i].title or "", templates[i].line))
        ranked = [templates[i] for i in order]
        best: dict[int, tuple[float, int]] = {}
        for i, j, score in similar_pairs([t.words for t in ranked], self.opts["threshold"], self.opts["min-words"]):
            if j not in best or score > best[j][0]:
                best[j] = (score, i)
        for j, (score, i) in sorted(best.items()):
            this, other = ranked[j], ranked[i]
            where = f"{other.path}:{other.line}"
            ref = f"{other.label} ({where})" if other.title else where
            percent = min(int(score * 100), 99)  # 100% would claim an exact copy the normalisation may hide
            yield self.finding(
                this,
                f"Nearly a copy of {ref}: {percent}% of the words are the same, in order; "
                f"merge them or make the difference clear",
                evidence={"reply": this.source_line[this.column - 1:].strip(), "other": f"{other.path}: {other.title or ''}",
                          "similarity": f"{score:.2f}"},
            )
