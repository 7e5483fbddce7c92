"""Which templates are near-copies of each other: Jaccard similarity of word 3-shingles.

Up to EXACT_LIMIT templates every pair is compared. Above it, MinHash signatures split into
bands (locality-sensitive hashing) pick the candidate pairs, which are then scored exactly:
with 18 bands of 7 rows a pair at 0.8 similarity is found with probability 0.986, one at 0.5
becomes a candidate 13% of the time, one at 0.3 well under 1%. The hashes are fixed (crc32 and
seeded multipliers), so the same templates always give the same pairs.
"""
from __future__ import annotations

import zlib
from collections import defaultdict
from itertools import combinations

SHINGLE = 3
EXACT_LIMIT = 300
BANDS, ROWS = 18, 7
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
    return len(a & b) / len(a | b) if a or b else 1.0


def similar_pairs(word_lists: list[list[str]], threshold: float, min_words: int) -> list[tuple[int, int, float]]:
    """(i, j, similarity) with i < j for every pair at or above `threshold`, sorted."""
    sets = {i: shingles(words) for i, words in enumerate(word_lists) if len(words) >= min_words}
    if len(sets) <= EXACT_LIMIT:
        candidates = combinations(sorted(sets), 2)
    else:
        candidates = _lsh_candidates(sets)
    out = []
    for i, j in candidates:
        a, b = sets[i], sets[j]
        if min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue  # the sizes alone rule it out
        score = jaccard(a, b)
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
