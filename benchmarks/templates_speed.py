"""Throughput on a template repository: replylint (--jobs 1, --jobs 2, cached) next to proselint.

    python benchmarks/templates_speed.py                 # 2,000 templates, 3 runs of each command
    python benchmarks/templates_speed.py --runs 5 --files 2000

Writes ~1 KB generated templates (our own text: Liquid placeholders, some stock phrases) into a
temporary directory, then times whole processes (a new process each run, as CI would), the
commands interleaved run by run so machine drift hits all of them. Reports the median wall
time, files per second, and the ratio to proselint's files per second. The cached figure is
a re-run over the unchanged directory after one run that filled the cache.
Not a timed test: run it by hand; figures depend on the machine and its load.

By default replylint runs from a snapshot of this checkout (package and packs copied to the
temporary directory, byte-compiled, on PYTHONPATH), as an installed package would: the cache
key covers replylint's own source files, so in a tree that people are editing meanwhile the
cached run would otherwise keep missing. --no-snapshot runs the installed `replylint` as is.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GREETINGS = [
    "Hi {{ticket.requester.first_name | default: \"there\"}},",
    "{% if ticket.requester.first_name != empty %}Hi {{ticket.requester.first_name}},{% else %}Hi there,{% endif %}",
    "Hello {{ticket.requester.first_name}},",
    "Hi there,",
]
SENTENCES = [
    "I've checked order {{order.number}} and the courier scanned it at the {city} depot this morning.",
    "The replacement {product} left our warehouse today; the tracking link is {{order.tracking_url}}.",
    "I've refunded {amount} to the card ending {digits}, which usually shows within three working days.",
    "Could you send a photo of the label on the underside of the {product}?",
    "The update we released on Tuesday fixes the pairing problem you describe with the {product}.",
    "Thank you for contacting us.",
    "We apologize for any inconvenience this may have caused.",
    "Rest assured we value your business.",
    "Your account now shows the {plan} plan, and the next invoice will reflect the new price.",
    "I've moved the delivery to {day}, between nine and one, as you asked.",
    "The warranty covers the {product} for two years from the delivery date, so this repair is free.",
    "I've added a note to ticket {{ticket.id}} so anyone who picks it up sees the history.",
    "If the parcel hasn't arrived by {day}, reply here and I'll send another one straight away.",
    "Our {city} store can swap the {product} on the spot if you bring the receipt.",
    "The charge you saw was a card check that your bank releases within a few days.",
    "Please do not hesitate to contact us for further assistance.",
    "I've reset the password link; it works for one hour from now.",
    "You can change the delivery address on the order page until the parcel ships.",
    "We've credited {amount} to your account for the late delivery.",
    "I'll check with the warehouse on {day} and write to you with what I find.",
    "The {product} you returned reached us on {day}, and the refund is on its way.",
    "Your {plan} subscription renews on the first of the month unless you cancel before then.",
    "I've split the order so the {product} ships now and the rest follows from {city}.",
    "The courier in {city} is short of drivers this week, so deliveries there run a day late.",
    "I can see two payments of {amount}; the second one was a duplicate and I've reversed it.",
    "Because the {product} was bought through a reseller, the reseller handles this return.",
    "I've upgraded you to express shipping at no cost, so it should arrive by {day}.",
    "The serial number you sent matches a batch with a faulty power supply, so we'll replace the {product}.",
    "Your gift card for {amount} is attached as a PDF and can be used online or in {city}.",
    "The discount code expired on {day}, but I've applied the same price to your order by hand.",
    "I've passed your suggestion about the {product} to the design team in {city}.",
    "The invoice for your {plan} plan is attached; it shows the VAT number from your account.",
    "Setting the {product} back to factory defaults usually clears this; hold the reset button for ten seconds.",
    "Our records show the parcel was signed for by a neighbour at number {digits}.",
    "I've cancelled the order before it shipped, so nothing was charged to the card ending {digits}.",
    "The {plan} plan includes five seats, so adding your colleague costs nothing extra.",
]
SIGNOFFS = ["{{current_user.first_name}}", "Thanks,\n{{current_user.first_name}}", "Best,\n{{current_user.name}}"]
FILL = {
    "city": ["Leeds", "Lyon", "Porto", "Graz", "Austin", "Cork", "Ghent", "Turku"],
    "product": ["router", "kettle", "headset", "desk lamp", "e-reader", "blender", "webcam", "bike light"],
    "amount": ["£24.99", "€60", "$12.50", "£180", "€7.20", "$310"], "digits": ["4412", "0937", "5521", "7710", "2086"],
    "plan": ["Team", "Starter", "Plus", "Business"], "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
}
SLOT = re.compile(r"\{(" + "|".join(FILL) + r")\}")  # {city}; {{liquid}} placeholders stay


def template(rng: random.Random) -> str:
    body: list[str] = []
    while sum(len(s) for s in body) < 820:
        sentence = rng.choice(SENTENCES)
        body.append(SLOT.sub(lambda m: rng.choice(FILL[m.group(1)]), sentence))
    paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    return "\n\n".join([rng.choice(GREETINGS), *paragraphs, rng.choice(SIGNOFFS)]) + "\n"


def write_templates(root: Path, count: int) -> Path:
    rng = random.Random(7)
    folder = root / "templates"
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"reply_{i:04d}.txt").write_text(template(rng), encoding="utf-8")
    (root / "replylint.toml").write_text('templates = ["templates/**"]\n', encoding="utf-8")
    return folder


def snapshot(target: Path) -> str:
    """Copy replylint and its packs next to each other, byte-compiled; the PYTHONPATH to use."""
    checkout = Path(__file__).resolve().parents[1]
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(checkout / "replylint", target / "replylint", ignore=ignore)
    shutil.copytree(checkout / "rules", target / "rules", ignore=ignore)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "replylint")], check=True,
                   stdout=subprocess.DEVNULL)
    return str(target)


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time, and CPU time (user + system, the process and its workers): on a shared
    machine the CPU figure says what the run costs, the wall figure what it took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--no-snapshot", action="store_true", help="run the installed replylint, not a snapshot")
    args = parser.parse_args(argv)
    proselint = shutil.which("proselint") or sys.exit("proselint is not installed (pip install proselint)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        if args.no_snapshot:
            replylint = [shutil.which("replylint") or sys.exit("replylint is not installed (pip install .)")]
        else:
            replylint = [sys.executable, "-m", "replylint"]
            os.environ["PYTHONPATH"] = snapshot(Path(tmp) / "snapshot")
            print(f"replylint snapshot: PYTHONPATH={os.environ['PYTHONPATH']}")
        folder = write_templates(root, args.files)
        sizes = [p.stat().st_size for p in folder.iterdir()]
        print(f"{args.files} templates, median {statistics.median(sizes):.0f} bytes, in {root}; {os.cpu_count()} cores")
        commands = {
            "replylint --jobs 1": [*replylint, "check", "--no-cache", "--jobs", "1", "templates"],
            "replylint --jobs 2": [*replylint, "check", "--no-cache", "--jobs", "2", "templates"],
            "replylint cached": [*replylint, "check", "templates"],
            "proselint": [proselint, "check", "templates"],
        }
        timed(commands["replylint cached"], root)  # fills the cache (and warms the disk cache)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs):
            for name, cmd in commands.items():
                wall, used = timed(cmd, root)
                times[name].append(wall)
                cpu[name].append(used)
            print(f"  run {run + 1}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()), flush=True)
        base = args.files / statistics.median(times["proselint"])
        print(f"\nmedians of {args.runs} whole-process runs, {args.files} files "
              f"(1-minute load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
        for name, cmd in commands.items():
            median = statistics.median(times[name])
            rate = args.files / median
            print(f"  {name:<20} {median:8.3f} s wall {statistics.median(cpu[name]):8.3f} s CPU "
                  f"{rate:9.1f} files/s  {rate / base:6.2f}x proselint")
            print(f"      {' '.join(cmd)}   (in {root})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
