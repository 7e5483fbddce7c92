"""Shared by show.py and finalize.py: where the corpora, batches and the annotator's scratch
files are. Scratch files hold verbatim quotes (customer text), so they live outside the
repository: $LABELWORK, default ../labelwork beside the checkout."""
import json
import os
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
S = ROOT.parent / "shared" / "corpus"
FILES = {"twcs": S / "twcs" / "pool_pairs.jsonl", "ibm": S / "ibm-customer-care" / "pool_pairs.jsonl",
         "email": S / "email-lists" / "dev_candidates.jsonl", "twcsdev": S / "twcs" / "dev_pairs.jsonl"}
BATCHES = HERE / "batches"
SCRATCH = Path(os.environ.get("LABELWORK", ROOT.parent / "labelwork"))
OUT = ROOT / "benchmarks" / "labels" / "batches"


def corpus_of(batch):
    # "agree-twcs_1" (or "agree2-twcs_1", a later round) is a blind second labelling of twcs
    # pairs: same corpus, its own output file, which benchmarks/labelsets.py does not count as a
    # first label.
    return batch.split("_")[0].rsplit("-", 1)[-1]


def load_batch(batch):
    ids = [line.strip() for line in (BATCHES / f"{batch}.ids").read_text().splitlines() if line.strip()]
    src = {}
    with open(FILES[corpus_of(batch)], encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            src[row["id"]] = row
    return ids, src


def find(hay, needle):
    i = hay.find(needle)
    if i >= 0:
        return [i, i + len(needle)]
    # tolerate differences in white space only
    pat = r'\s+'.join(re.escape(p) for p in needle.split())
    m = re.search(pat, hay)
    return [m.start(), m.end()] if m else None


def convert(w, r, corpus, ann, errs):
    """One hand-written work row (verbatim quotes) -> a label row (offsets), problems into errs."""
    pid = w.get('id')
    out = {'id': pid, 'corpus': corpus, 'annotator': ann, 'skip': bool(w.get('skip', False))}
    for k in ('complaint', 'apology', 'cold'):
        v = w.get(k, False)
        if not isinstance(v, bool):
            errs.append('%s: %s must be true/false' % (pid, k))
        out[k] = bool(v)
    qs, spans, un = [], [], []
    for q in w.get('questions', []):
        if not isinstance(q, dict) or not q.get('q') or 'answered' not in q:
            errs.append('%s: question needs q, quote, answered: %r' % (pid, q)); continue
        sp = None
        if q.get('quote'):
            sp = find(r['customer'], q['quote'])
            if sp is None:
                errs.append('%s: question quote not found in customer text: %r' % (pid, q['quote']))
        else:
            errs.append('%s: question %r has no quote' % (pid, q['q']))
        qs.append(q['q']); spans.append(sp)
        if not q['answered']:
            un.append(q['q'])
    out['questions'] = qs; out['question_spans'] = spans; out['unanswered'] = un
    fl = []
    for s in w.get('form_letter', []):
        sp = find(r['reply'], s)
        if sp is None:
            errs.append('%s: form-letter text not found in reply: %r' % (pid, s))
        else:
            fl.append(sp)
    out['form_letter_spans'] = sorted(fl)
    out['notes'] = w.get('notes', '')
    return out
