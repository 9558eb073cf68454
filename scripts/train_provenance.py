"""Regenerate the shipped provenance model: python scripts/train_provenance.py [--out DIR]."""

from __future__ import annotations

import argparse
from pathlib import Path

from copydesk.provenance.training import train

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=ROOT / "data/mgt/train.jsonl")
    parser.add_argument("--dev", type=Path, default=ROOT / "data/mgt/dev.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "src/copydesk/data/provenance")
    args = parser.parse_args()
    train(args.train, args.dev, args.out)


if __name__ == "__main__":
    main()
