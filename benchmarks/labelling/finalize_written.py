"""python finalize_written.py ANNOTATOR [NAME] -- our own written email cases: read
$LABELWORK/work/NAME.jsonl (NAME defaults to written_b; one case per line: id "written:NNN", customer, reply, quality
"good" or "flawed", and the usual label fields with verbatim quotes), check every row and write
benchmarks/cases/NAME.jsonl with offsets. The texts are ours, so they stay in the row.
Prints every problem, including texts outside the lengths the labels issue asks for."""
import json
import sys

from common import ROOT, SCRATCH, convert

ann = sys.argv[1]
name = sys.argv[2] if len(sys.argv) > 2 else "written_b"
if not name.startswith("written_") or "/" in name:
    sys.exit("NAME must look like written_x")
OUT = ROOT / "benchmarks" / "cases" / f"{name}.jsonl"
rows, errs, seen = [], [], set()
for n, line in enumerate(open(SCRATCH / "work" / f"{name}.jsonl", encoding="utf-8"), 1):
    if not line.strip():
        continue
    try:
        w = json.loads(line)
    except Exception as e:
        errs.append("line %d: not JSON: %s" % (n, e))
        continue
    pid = w.get("id", "")
    if not pid.startswith("written:") or pid in seen:
        errs.append("line %d: id must be a new written:NNN, got %r" % (n, pid))
        continue
    seen.add(pid)
    customer, reply = w.get("customer", ""), w.get("reply", "")
    cw, rw = len(customer.split()), len(reply.split())
    if not 60 <= cw <= 250:
        errs.append("%s: customer has %d words (60-250)" % (pid, cw))
    if not 40 <= rw <= 200:
        errs.append("%s: reply has %d words (40-200)" % (pid, rw))
    if w.get("quality") not in ("good", "flawed"):
        errs.append("%s: quality must be good or flawed" % pid)
    out = convert(w, {"customer": customer, "reply": reply}, "written", ann, errs)
    out.update(customer=customer, reply=reply, quality=w.get("quality"))
    rows.append(out)
for e in errs:
    print("ERROR", e)
good = sum(r["quality"] == "good" for r in rows)
print("%d cases (%d good, %d flawed), %d errors" % (len(rows), good, len(rows) - good, len(errs)))
with open(OUT, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
