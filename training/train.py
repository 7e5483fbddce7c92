"""Train replylint's tagger and parser on UD English-EWT and install them in the package.

    python training/train.py                  # the shipped size (small), about 40 minutes on 2 cores
    python training/train.py --size medium    # another size from training/configs/
    python training/train.py --no-install     # train and evaluate, leave the package alone

Steps: `spacy convert` the treebank read from ../shared (never copied into the repository)
into training/corpus/, `spacy train` with training/configs/SIZE.cfg into training/output/SIZE/,
evaluate the best model on the test split (training/evaluate.py), and copy it to
replylint/models/en_replylint_ewt/ with its CC BY-SA 4.0 licence and attribution."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TREEBANK = ROOT.parent / "shared" / "corpus" / "ud-english-ewt"
TARGET = ROOT / "replylint" / "models" / "en_replylint_ewt"
NAME = "en_replylint_ewt"

ATTRIBUTION = """# en_replylint_ewt

The part-of-speech tagger (spaCy morphologizer: UPOS and UD features) and dependency parser
that replylint runs by default, trained by `python training/train.py` from the replylint
repository on the Universal Dependencies English Web Treebank.

## Licence: CC BY-SA 4.0 (not MIT)

These model files are a derivative of UD English-EWT and are distributed under the Creative
Commons Attribution-ShareAlike 4.0 International licence (LICENSE beside this file). The rest
of replylint (its code, rules and data) is MIT-licensed.

## Attribution

- Natalia Silveira, Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman, Miriam Connor,
  John Bauer and Christopher D. Manning (2014). A Gold Standard Dependency Corpus for English.
  Proceedings of LREC 2014.
- The Universal Dependencies English-EWT contributors: UniversalDependencies/UD_English-EWT,
  commit 15d613d8447b3478787d4c278730a1e48a945efb (UD v2.16 line).

Changes: the treebank was converted with `spacy convert` (ten sentences a document) and used
to train the model weights here; no treebank text is included.

## Accuracy and size

See `meta.json` (`performance`: UD English-EWT test split, the treebank's own tokens) and the
"Parsing" section of replylint's README.
"""


def run(cmd):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True)


def convert(treebank: Path, corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        source = treebank / f"en_ewt-ud-{split}.conllu"
        if not source.exists():
            sys.exit(f"treebank file not found: {source} (the shared corpus must sit beside the checkout)")
        # -n 10: documents of ten sentences, so the parser learns where sentences end;
        # -m: UD features merged into the morphologizer's labels.
        run([sys.executable, "-m", "spacy", "convert", source, corpus, "-c", "conllu", "-n", "10", "-m"])


def install(best: Path, license_file: Path, test_scores: dict) -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(best, TARGET)
    meta_path = TARGET / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update(
        name="replylint_ewt", lang="en", license="CC BY-SA 4.0",
        description="replylint's tagger and parser, trained on UD English-EWT",
        sources=[{"name": "UD English-EWT", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
                  "license": "CC BY-SA 4.0",
                  "author": "Silveira et al. 2014; the UD English-EWT contributors"}],
        replylint_test_scores=test_scores,
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    shutil.copy(license_file, TARGET / "LICENSE")
    (TARGET / "README.md").write_text(ATTRIBUTION)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="small", help="a config in training/configs/ (default: small, the shipped one)")
    parser.add_argument("--treebank", default=str(TREEBANK))
    parser.add_argument("--no-install", action="store_true", help="do not copy the model into the package")
    parser.add_argument("--skip-train", action="store_true", help="reuse training/output/SIZE (evaluate and install only)")
    args = parser.parse_args(argv)
    treebank = Path(args.treebank)
    corpus = HERE / "corpus"
    output = HERE / "output" / args.size
    if not args.skip_train:
        convert(treebank, corpus)
        run([sys.executable, "-m", "spacy", "train", HERE / "configs" / f"{args.size}.cfg", "--output", output,
             "--paths.train", corpus / "en_ewt-ud-train.spacy", "--paths.dev", corpus / "en_ewt-ud-dev.spacy"])
    best = output / "model-best"
    result = subprocess.run([sys.executable, HERE / "evaluate.py", "--model", best, "--split", "test",
                             "--treebank", treebank], check=True, capture_output=True, text=True)
    scores = json.loads(result.stdout)
    print(json.dumps(scores, indent=2))
    (output / "test_scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    if not args.no_install:
        install(best, treebank / "LICENSE.txt", {k: scores[k] for k in ("all", "email")})
        print(f"installed {best} -> {TARGET}")


if __name__ == "__main__":
    main()
