"""python show.py BATCH START COUNT  -- print pairs START..START+COUNT-1 (0-based) of a batch."""
import sys, json
from common import load_batch
batch, start, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ids, src = load_batch(batch)
for i in range(start, min(len(ids), start + count)):
    r = src[ids[i]]
    print('=' * 70)
    print('#%d  id=%s  brand/source=%s' % (i, r['id'], r.get('brand') or r.get('source')))
    ctx = r.get('context')
    if ctx:
        if isinstance(ctx, dict):
            ctx = '%s: %s' % (ctx.get('author'), ctx.get('text'))
        elif isinstance(ctx, list):
            ctx = '\n'.join(json.dumps(c, ensure_ascii=False) for c in ctx)
        print('--- earlier turns (context only):\n' + str(ctx))
    if r.get('subject'):
        print('--- subject: ' + r['subject'])
    print('--- CUSTOMER:\n' + r['customer'])
    print('--- REPLY:\n' + r['reply'])
