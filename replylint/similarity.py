"""Which templates are near-copies of each other, and how similar they are.

Similarity is difflib's ratio over the two word sequences: twice the words they have in
common, in order, over the words in both (1.0 = the same words). Comparing every pair that
way is slow, so candidates come first from three-word sequences ("shingles"): a pair is
scored only when the two share at least half their shingles (Jaccard >= CANDIDATE). Up to
EXACT_LIMIT templates every pair is tested; above it, MinHash signatures split into 32 bands
of 4 rows (locality-sensitive hashing) propose the pairs: a pair sharing 60% of its shingles
is proposed with probability 0.985, 50% with 0.87, 10% almost never. Hashes are fixed (crc32, seeded
multipliers), so the same templates always give the same pairs.
"""
from __future__ import annotations

import zlib
from collections import defaultdict
from itertools import combinations

SHINGLE = 3
EXACT_LIMIT = 300
BANDS, ROWS = 32, 4
# Shingle Jaccard a pair needs before its ratio is worked out. Near-copies edit in a few
# places, so they share far more shingles than this (one changed word in thirty: 0.77).
CANDIDATE = 0.5
MASK = (1 << 64) - 1
CHUNK = 256  # templates hashed at once: bounds the hash matrix to a few MB


def shingles(words: list[str]) -> frozenset[int]:
    ids = [_word_id(w) for w in words]
    if len(ids) < SHINGLE:
        return frozenset([sum(ids) & MASK])
    return frozenset((a * 0x9E3779B1 + b * 0x85EBCA77 + c) & MASK for a, b, c in zip(ids, ids[1:], ids[2:]))


_IDS: dict[str, int] = {}


def _word_id(word: str) -> int:
    found = _IDS.get(word)
    if found is None:
        found = _IDS[word] = zlib.crc32(word.encode())
    return found


def jaccard(a: frozenset, b: frozenset) -> float:
    common = len(a & b)
    return common / (len(a) + len(b) - common) if a or b else 1.0


def ratio(a: list[str], b: list[str]) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def similar_pairs(word_lists: list[list[str]], threshold: float, min_words: int) -> list[tuple[int, int, float]]:
    """(i, j, similarity) with i < j for every pair at or above `threshold`, sorted."""
    sets = {i: shingles(words) for i, words in enumerate(word_lists) if len(words) >= min_words}
    if len(sets) <= EXACT_LIMIT:
        candidates = combinations(sorted(sets), 2)
    else:
        candidates = _lsh_candidates(sets)
    out = []
    for i, j in candidates:
        a, b = word_lists[i], word_lists[j]
        if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
            continue  # the lengths alone rule it out
        if jaccard(sets[i], sets[j]) < CANDIDATE:
            continue
        score = ratio(a, b)
        if score >= threshold:
            out.append((i, j, score))
    return sorted(out)


def _lsh_candidates(sets: dict[int, frozenset]) -> list[tuple[int, int]]:
    import numpy

    rng = numpy.random.default_rng(20240601)
    count = BANDS * ROWS
    mult = rng.integers(0, 1 << 63, size=count, dtype=numpy.uint64) * numpy.uint64(2) + numpy.uint64(1)
    add = rng.integers(0, 1 << 63, size=count, dtype=numpy.uint64)
    buckets: dict[tuple, list[int]] = defaultdict(list)
    ids = list(sets)
    for at in range(0, len(ids), CHUNK):
        chunk = ids[at : at + CHUNK]
        values = numpy.fromiter((h for i in chunk for h in sets[i]), dtype=numpy.uint64)
        starts = numpy.cumsum([0] + [len(sets[i]) for i in chunk[:-1]])
        # Multiply-shift hashing: (a*x + b) mod 2**64, top 32 bits; uint64 arithmetic wraps.
        hashed = (values[None, :] * mult[:, None] + add[:, None]) >> numpy.uint64(32)
        signatures = numpy.minimum.reduceat(hashed, starts, axis=1).T  # one row per template
        for row, i in zip(signatures, chunk):
            raw = row.tobytes()
            for band in range(BANDS):
                buckets[(band, raw[band * ROWS * 8 : (band + 1) * ROWS * 8])].append(i)
    pairs = set()
    for members in buckets.values():
        if len(members) > 1:
            pairs.update(combinations(sorted(members), 2))
    return sorted(pairs)
