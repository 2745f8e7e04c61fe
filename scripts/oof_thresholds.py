#!/usr/bin/env python3
"""Threshold analysis of a cross-validation run's out-of-fold predictions (report dir's oof.csv).

Usage: python3 scripts/oof_thresholds.py reports/cv10/oof.csv

Prints what one threshold for all records gives (each fold's own validation threshold, fixed values, the
oracle best), and what one threshold PER SUBSET would give: cross-fitted (for fold k, chosen on the other
folds' out-of-fold p, never on fold k's labels) and oracle. Per-subset thresholds need the subset (the
hospital / stethoscope) at inference, which a new recording does not have: this measures the shortcut,
it is not a method (docs/RESULTS.md, "Targets: missed"). Needs numpy only.
"""
import csv
import sys

import numpy as np


def metrics(pred, y):
    tp = int((pred & (y == 1)).sum()); fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum()); tn = int((~pred & (y == 0)).sum())
    se = tp / max(tp + fn, 1); sp = tn / max(tn + fp, 1)
    return {"macc": (se + sp) / 2, "f1": 2 * tp / max(2 * tp + fp + fn, 1), "se": se, "sp": sp,
            "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def counts_at(p, y, cands):
    """(tp, fp, fn, tn) at each candidate threshold (p >= t is abnormal), by sorting: exact and fast."""
    pos, neg = np.sort(p[y == 1]), np.sort(p[y == 0])
    tp = len(pos) - np.searchsorted(pos, cands, side="left")
    fp = len(neg) - np.searchsorted(neg, cands, side="left")
    return tp, fp, len(pos) - tp, len(neg) - fp


def per_subset_thresholds(p, y, s, subsets, objective, rounds=3):
    """Greedy coordinate search: one threshold per subset maximising the pooled objective."""
    thr = {k: 0.5 for k in subsets}
    for _ in range(rounds):
        for k in subsets:
            rest = s != k  # the other subsets' counts stay fixed while k's threshold moves
            o = metrics(p[rest] >= np.array([thr[x] for x in s[rest]]), y[rest])
            cands = np.unique(np.r_[p[s == k], 1.01])
            tp, fp, fn, tn = counts_at(p[s == k], y[s == k], cands)
            tp = tp + o["tp"]; fp = fp + o["fp"]; fn = fn + o["fn"]; tn = tn + o["tn"]
            if objective == "macc":
                score = (tp / np.maximum(tp + fn, 1) + tn / np.maximum(tn + fp, 1)) / 2
            else:
                score = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
            thr[k] = cands[int(np.argmax(score))]
    return thr


def main(path):
    rows = list(csv.DictReader(open(path)))
    y = np.array([int(r["label"]) for r in rows])
    p = np.array([float(r["p"]) for r in rows])
    s = np.array([r["subset"] for r in rows])
    fold = np.array([int(r["fold"]) for r in rows])
    own = np.array([float(r["threshold"]) for r in rows])
    subsets = sorted(set(s))

    def line(name, pred):
        m = metrics(pred, y)
        inside = " ".join("%.2f" % metrics(pred[s == k], y[s == k])["macc"] for k in subsets)
        print("%-44s MAcc %.3f  F1 %.3f  Se %.3f  Sp %.3f | MAcc per subset %s"
              % (name, m["macc"], m["f1"], m["se"], m["sp"], inside))

    print("%d records; subsets %s" % (len(y), " ".join(subsets)))
    line("one threshold: each fold's validation", p >= own)
    for t in (0.1, 0.2, 0.3, 0.4, 0.5):
        line("one threshold: fixed %.2f" % t, p >= t)
    for objective in ("macc", "f1"):
        best = max(np.unique(p), key=lambda t: metrics(p >= t, y)[objective])
        line("one threshold: oracle best %s (%.3f)" % (objective, best), p >= best)
    for objective in ("macc", "f1"):
        pred = np.zeros(len(y), bool)
        for k in sorted(set(fold)):
            tr, te = fold != k, fold == k
            thr = per_subset_thresholds(p[tr], y[tr], s[tr], subsets, objective)
            pred[te] = p[te] >= np.array([thr[x] for x in s[te]])
        line("per subset, cross-fitted, max %s" % objective, pred)
        thr = per_subset_thresholds(p, y, s, subsets, objective)
        line("per subset, oracle, max %s" % objective, p >= np.array([thr[x] for x in s]))
        print("    oracle thresholds: " + " ".join("%s %.3f" % (k, thr[k]) for k in subsets))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
