"""CPU of NER with and without mention confidences (the floor's CRF marginals), same texts, alternating.

    OMP_NUM_THREADS=1 PYTHONPATH=src .venv/bin/python benchmarks/ner_confidence.py

150 texts of 10 GermEval 2014 dev sentences each (../shared/benchmarks/ner), fast and accurate model,
three rounds; prints CPU seconds per round and the ratio of the least of each.
"""
from pathlib import Path
import time

from lagebild.enrich import ner
sents, cur = [], []
for line in open(Path(__file__).resolve().parents[2] / "shared/benchmarks/ner/germeval2014/conll_4class/dev.txt", encoding="utf-8"):
    line = line.strip()
    if not line:
        if cur: sents.append(" ".join(cur)); cur = []
    else:
        cur.append(line.split()[0])
texts = [" ".join(sents[i:i + 10]) for i in range(0, 1500, 10)]  # 150 "articles" of 10 sentences
for mode in ("fast", "accurate"):
    ner.recognize_many(texts[:5], mode)
    res = {True: [], False: []}
    for _ in range(3):
        for conf in (True, False):
            c = time.process_time(); ner.recognize_many(texts, mode, conf); res[conf].append(time.process_time() - c)
    print(mode, "CPU-s with confidences", [round(x, 2) for x in res[True]], "without", [round(x, 2) for x in res[False]],
          f"min ratio {min(res[True]) / min(res[False]):.3f}", flush=True)
