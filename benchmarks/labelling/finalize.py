"""python finalize.py BATCH ANNOTATOR -- read $LABELWORK/work/BATCH.jsonl (your labels, with verbatim
quotes), check every row, and write benchmarks/labels/batches/BATCH.jsonl with offsets instead of
text (nothing of the corpus text is kept). Prints every problem."""
import sys, json
from common import OUT, SCRATCH, convert, corpus_of, load_batch

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
    out = convert(w, src[pid], corpus_of(batch), ann, errs)
    rows.append(out)
missing = [i for i in ids if i not in seen]
for e in errs:
    print('ERROR', e)
print('%d rows labelled, %d errors, %d ids of the batch not yet labelled' % (len(rows), len(errs), len(missing)))
OUT.mkdir(parents=True, exist_ok=True)
with open(OUT / f'{batch}.jsonl', 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
