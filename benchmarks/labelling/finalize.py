"""python finalize.py BATCH ANNOTATOR -- read $LABELWORK/work/BATCH.jsonl (your labels, with verbatim
quotes), check every row, and write benchmarks/labels/batches/BATCH.jsonl with offsets instead of
text (nothing of the corpus text is kept). Prints every problem."""
import sys, json, re
from common import OUT, SCRATCH, corpus_of, load_batch

def find(hay, needle):
    i = hay.find(needle)
    if i >= 0:
        return [i, i + len(needle)]
    # tolerate differences in white space only
    pat = r'\s+'.join(re.escape(p) for p in needle.split())
    m = re.search(pat, hay)
    return [m.start(), m.end()] if m else None

batch, ann = sys.argv[1], sys.argv[2]
ids, src = load_batch(batch)
want = set(ids)
rows, errs, seen = [], [], set()
for n, line in enumerate(open(SCRATCH / 'work' / f'{batch}.jsonl', encoding='utf-8'), 1):
    if not line.strip():
        continue
    try:
        w = json.loads(line)
    except Exception as e:
        errs.append('line %d: not JSON: %s' % (n, e)); continue
    pid = w.get('id')
    if pid not in want:
        errs.append('line %d: id %r not in batch' % (n, pid)); continue
    if pid in seen:
        errs.append('line %d: id %r labelled twice' % (n, pid)); continue
    seen.add(pid)
    r = src[pid]
    out = {'id': pid, 'corpus': corpus_of(batch), 'annotator': ann, 'skip': bool(w.get('skip', False))}
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
    rows.append(out)
missing = [i for i in ids if i not in seen]
for e in errs:
    print('ERROR', e)
print('%d rows labelled, %d errors, %d ids of the batch not yet labelled' % (len(rows), len(errs), len(missing)))
OUT.mkdir(parents=True, exist_ok=True)
with open(OUT / f'{batch}.jsonl', 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
