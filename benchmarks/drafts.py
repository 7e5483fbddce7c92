"""Deterministic synthetic support drafts (~1 KB each) for speed benchmarks. Our own text."""
from __future__ import annotations

import random
from pathlib import Path

NAMES = ["Dana", "Priya", "Marco", "Sam", "Lee", "Ana", "Tomás", "Chen", "Ola", "Ruth"]
PRODUCTS = ["router", "headphones", "standing desk", "coffee grinder", "backup plan", "keyboard", "e-reader"]
OPENERS = [
    "Thank you for contacting us.", "Thanks for the photos of the {p}.", "I hope this email finds you well.",
    "I'm sorry the {p} arrived damaged.", "Thanks for letting us know about the charge.",
]
MIDDLES = [
    "We apologize for any inconvenience this may have caused.",
    "I've checked order {n} and the courier scanned it in Leeds on Tuesday, so it should reach you by Friday.",
    "As per our policy, refunds are processed within 5-10 business days.",
    "I've issued a refund of ${m} to the card ending {c}; it usually appears within three working days.",
    "Unfortunately we can't replace items bought more than a year ago.",
    "Could you send a photo of the serial number on the underside of the {p}?",
    "The firmware update from last week fixed the pairing problem you describe, so please install version 2.{c}.",
    "Rest assured we value your business.",
    "You should have read the instructions before plugging it in.",
    "Our warehouse team confirmed the replacement {p} left this morning with tracking number {n}.",
]
CLOSERS = [
    "Please do not hesitate to contact us for further assistance.",
    "If the refund hasn't arrived by Monday, reply here and I'll chase it myself.",
    "We will get back to you soon.", "Let me know how the new {p} works out.",
]
QUOTES = [
    "My {p} stopped working after two days. Can I get a replacement? And why was I charged twice?",
    "Where is order {n}? It was due last week and nobody answers the phone.",
    "Is there a way to change the delivery address for my {p}?",
]


def draft(rng: random.Random) -> str:
    p, n, m, c = rng.choice(PRODUCTS), rng.randint(10000, 99999), rng.randint(9, 300), rng.randint(1000, 9999)
    name = rng.choice(NAMES)
    fill = lambda s: s.format(p=p, n=n, m=m, c=c)  # noqa: E731
    body = [fill(rng.choice(OPENERS))] + [fill(s) for s in rng.sample(MIDDLES, 5)] + [fill(rng.choice(CLOSERS))]
    paragraphs = [" ".join(body[:3]), " ".join(body[3:6]), body[6]]
    quote = "\n".join("> " + line for line in fill(rng.choice(QUOTES)).split(". "))
    text = f"Hi {name},\n\n" + "\n\n".join(paragraphs) + f"\n\nBest,\nAlex\n\nOn Mon, 16 Nov 2026, {name} Moreno <c@example.org> wrote:\n{quote}\n"
    while len(text) < 950:
        text = text.replace("\n\nBest,", "\n\n" + fill(rng.choice(MIDDLES)) + "\n\nBest,", 1)
    return text


def write_drafts(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"draft_{i:04d}.txt"
        path.write_text(draft(rng), encoding="utf-8")
        paths.append(path)
    return paths
