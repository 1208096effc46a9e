#!/usr/bin/env python3
"""How well the anonymous export withholds names, and what else it takes: the README's figures.

    python tests/benchmarks/anonymity.py [--words]

1. The attack corpus (``tests/data/anonymity_attacks.jsonl``): how many spellings of its 10
   roster names are withheld in a sentence.
2. False positives: every word withheld from texts that name nobody on the rosters used: the
   sample panel (``sessions/samples``), the panel data set (``shared/data/panel``), and the NTREX
   news sentences in English, French and Arabic (``shared/data/multilingual``), with the rosters
   of the sample, of the panel, of the corpus and ten Arabic names, all at once.

``--words`` lists the words withheld. Not part of the test suite (the suite's own check of the
sample and the panel is ``tests/test_anonymity.py``).
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"

ARABIC_ROSTER = ["محمد الأمين", "ليلى حداد", "فاطمة الزهراء", "عبد الله ولد محمد", "حسن علي", "أحمد سالم", "عمر نور",
                 "خديجة بنت أحمد", "يوسف إبراهيم", "عائشة الطاهر"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--words", action="store_true", help="list the words withheld")
    args = p.parse_args(argv)
    from facilitator.core.summary.parse import read_summary
    from facilitator.core.summary.withhold import WITHHELD, Withholder

    attacks = [json.loads(line) for line in (ROOT / "tests" / "data" / "anonymity_attacks.jsonl")
               .read_text("utf-8").splitlines() if line]
    corpus_roster = sorted({a["name"] for a in attacks})
    w = Withholder(corpus_roster)
    held = sum(1 for a in attacks if WITHHELD in w(f"We agree with {a['spelling']} on the budget.")
               and a["spelling"] not in w(f"We agree with {a['spelling']} on the budget."))
    print(f"corpus: {held} of {len(attacks)} spellings of {len(corpus_roster)} roster names withheld")

    doc = read_summary(ROOT / "sessions" / "samples" / "sahel-2023-03-11-record.md")
    sample = [c.text for sec in doc.sections for c in sec.contributions()] + [r.text for r in doc.recommendations()]
    with open(ROOT / "sessions" / "samples" / "sahel-roster.csv", encoding="utf-8") as fh:
        sample_roster = [row["name"] for row in csv.DictReader(fh)]
    sets: list[tuple[str, list[str]]] = [("sample panel", sample)]
    rosters = corpus_roster + ARABIC_ROSTER + sample_roster
    panel_file = SHARED / "panel" / "sahel-education-panel.jsonl"
    if panel_file.exists():
        panel = [json.loads(line) for line in panel_file.read_text("utf-8").splitlines() if line]
        sets.append(("panel data set", [x["text"] for x in panel]))
        rosters += sorted({x["speaker"] for x in panel})
    ntrex = SHARED / "multilingual" / "ntrex128-eng-fra-arb"
    for lang, name in (("en", "src.eng"), ("fr", "ref.fra"), ("ar", "ref.arb")):
        path = ntrex / f"newstest2019-{name}.txt"
        if path.exists():
            sets.append((f"NTREX news, {lang}", [t for t in path.read_text("utf-8").split("\n") if t]))
    w = Withholder(rosters)
    print(f"false positives, with {len(rosters)} roster names at once:")
    for label, texts in sets:
        words = collections.Counter(t[a:b] for t in texts for a, b in w.find(t))
        hit = sum(1 for t in texts if w.find(t))
        print(f"  {label}: {sum(words.values())} words withheld in {hit} of {len(texts)} texts")
        if args.words and words:
            print("    " + ", ".join(f"{word} {n}" for word, n in words.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
