#!/usr/bin/env python3
"""Clustering quality: the engine against plain TF-IDF + k-means on labeled sets.

    python tests/benchmarks/quality.py            # every set, whole
    python tests/benchmarks/quality.py --quick    # a 1,000-item sample of each set
    python tests/benchmarks/quality.py --json     # one JSON object per line instead of a table
    python tests/benchmarks/quality.py --speed    # seconds of suggest() at 1k, 5k and 20k items

Data: ``shared/data/clustering/``, ``shared/data/multilingual/`` and ``shared/data/panel/``
(``$FACILITATOR_SHARED``, else a ``shared`` folder beside the repository or one level
higher); a set that is not there is skipped. The files are read exactly as
``shared/tools/cluster_baseline.py`` reads them. Nothing of them is kept in the repository.

For each set, with k = the true number of labels:
  baseline   sklearn ``TfidfVectorizer()`` + ``KMeans(k, n_init=1)``, mean of seeds 0-2
  default    the engine's default method (use-multilingual in the plain install) at the true k
  auto       the same with k chosen by the engine: the k, whether it said "uncertain", the two
             best k it offers, the share it left unclustered
  char       the built-in char-tfidf, at the true k and with k chosen
Embedding vectors are cached per method in ``--cache`` (so a second run is fast).

Scores (percent): ACC after the best one-to-one mapping (Hungarian), NMI (arithmetic), ARI.
The engine's scores count every item in the cluster k-means put it in, the ones it reports as
unclustered included; "uncl" is the share it reports as unclustered. The panel is scored as its
README says: its 122 themed notes, the themed notes left unclustered sharing one label; the
noise notes left unclustered are counted, and the cross-lingual check (each French or Arabic
note's nearest English note by the method's own cosine shares its theme; chance 5.7%).

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

def _shared() -> Path:
    if os.environ.get("FACILITATOR_SHARED"):
        return Path(os.environ["FACILITATOR_SHARED"])
    for up in (ROOT.parent, ROOT.parent.parent):
        if (up / "shared" / "data").exists():
            return up / "shared"
    return ROOT.parent / "shared"


SHARED = _shared()
DATA = SHARED / "data" / "clustering"
MULTI = SHARED / "data" / "multilingual" / "ntrex128-eng-fra-arb"
PANEL = SHARED / "data" / "panel" / "sahel-education-panel.jsonl"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "facilitator-bench"
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


def _panel():
    rows = [json.loads(line) for line in _read_lines(PANEL) if line.strip()]
    return [r["text"] for r in rows], [r["theme"] for r in rows]


def panel_langs() -> list[str]:
    return [json.loads(line)["lang"] for line in _read_lines(PANEL) if line.strip()]


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
    "panel": (_panel, PANEL),
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


def run_engine(texts, y, k, method, vectors=None, score_mask=None) -> dict:
    """The engine on ``texts`` (k None: chosen). ``score_mask``: score only these items, and
    count those it leaves unclustered as one label (the panel's protocol)."""
    import numpy as np

    from facilitator.core import clustering

    width = len(str(len(texts)))
    items = [(str(i).zfill(width), t) for i, t in enumerate(texts)]
    vecs = None
    if vectors is not None:
        vecs = {items[i][0]: vectors[i] for i in range(len(items))}
    t0, c0 = time.perf_counter(), time.process_time()
    used, ids, _, part = clustering.cluster_rows(items, k=k, method=method, vectors=vecs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert ids == [i for i, _ in items]
    y = np.asarray(y)
    if score_mask is not None:
        pred = np.where(part.outlier, -1, part.labels)[score_mask]
        out = scores(y[score_mask], pred)
    else:
        out = scores(y, part.labels)
    out["method"] = used
    out["unclustered"] = float(part.outlier.mean())
    out["seconds"] = seconds
    out["cpu_seconds"] = cpu
    out["k"] = int(part.k)
    kc = part.kchoice
    if kc is not None:
        out["k_best"] = list(kc.best)
        out["k_uncertain"] = bool(kc.uncertain)
    out["pred"] = part.labels
    out["outlier"] = part.outlier
    return out


# ---------------------------------------------------------------- embedding vectors, cached on disk


def _digest(texts) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


SHORT = {"use-multilingual": "use"}


def cached_vectors(method: str, name: str, texts: list[str], idx, cache: Path, allow_embed: bool):
    """The vectors of ``texts`` (rows ``idx`` of set ``name``) for ``method`` from the cache
    folder (a file for the whole set, or one for exactly these texts); None when they are not
    there and embedding was not allowed. Embedded vectors are saved for the next run."""
    import numpy as np

    from facilitator.core.clustering import embeddings

    folder = cache / SHORT[method]
    full = folder / f"{name}-{_digest(SETS[name][0]()[0])}.npy"
    if full.exists():
        return np.load(full)[idx]
    own = folder / f"{name}-{_digest(texts)}.npy"
    if own.exists():
        return np.load(own)
    if not allow_embed or not embeddings.available(method):
        return None
    print(f"# embedding {len(texts)} texts of {name} with {method} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    V = np.asarray(embeddings.embed(texts, method), dtype=np.float32)
    folder.mkdir(parents=True, exist_ok=True)
    np.save(own, V)
    print(f"# {name}: {len(texts)} texts embedded in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return V


def crosslingual(V, langs, y, method) -> dict:
    """The panel's cross-lingual check: for each fr/ar themed note, is the nearest English
    themed note (cosine of the rows the engine clusters) of the same theme?"""
    import numpy as np

    from facilitator.core.clustering import embeddings

    Z, _, _ = embeddings.features(V, langs, method)
    langs, y = np.asarray(langs), np.asarray(y)
    themed = y != "noise"
    en = np.flatnonzero(themed & (langs == "en"))
    out = {}
    for lang in ("fr", "ar"):
        probes = np.flatnonzero(themed & (langs == lang))
        nearest = en[np.argmax(Z[probes] @ Z[en].T, axis=1)]
        out[lang] = float(np.mean(y[nearest] == y[probes]))
        out[f"{lang}_n"] = int(len(probes))
    out["all"] = (out["fr"] * out["fr_n"] + out["ar"] * out["ar_n"]) / (out["fr_n"] + out["ar_n"])
    return out


# ---------------------------------------------------------------- speed


def speed(sizes, as_json: bool) -> None:
    """Wall and CPU seconds of suggest() at each size on real titles (StackOverflow,
    Biomedical, SearchSnippets pooled, or generated sentences when absent), with k chosen and
    with k=20: char-tfidf, and the default method embedding everything (nothing cached)."""
    import numpy as np

    from facilitator.core import clustering

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
    for n in sizes:
        items = [(f"{i:06d}", pool[j]) for i, j in enumerate(order[:n])]
        for method in (clustering.default_method(), "char-tfidf"):
            for label, kw in (("k chosen", {}), ("k=20", {"k": 20})):
                t0, c0 = time.perf_counter(), time.process_time()
                s = clustering.suggest(items, method=method, **kw)
                rows.append({"n": n, "run": f"{method}, {label}", "seconds": time.perf_counter() - t0,
                             "cpu_seconds": time.process_time() - c0, "clusters": len(s.clusters)})
    for r in rows:
        if as_json:
            print(json.dumps(r), flush=True)
        else:
            print(f"| {r['run']} | {r['n']} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} | {r['clusters']} |", flush=True)


# ---------------------------------------------------------------- driver


def fmt(r: dict | None) -> str:
    if r is None:
        return "– / – / –"
    return f"{100 * r['acc']:.1f} / {100 * r['nmi']:.1f} / {100 * r['ari']:.1f}"


def fmt_auto(r: dict | None) -> str:
    if r is None:
        return "–"
    best = "/".join(str(k) for k in r.get("k_best", []))
    return f"{r['k']}{'?' if r.get('k_uncertain') else ''} ({best})"


SYSTEMS = ("baseline", "default", "default-auto", "char-tfidf", "char-tfidf-auto")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help=f"a {QUICK_N}-item sample of each set")
    ap.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--sample", type=int, default=0, help="sample size (default: whole sets, or 1000 with --quick)")
    ap.add_argument("--no-auto", action="store_true", help="skip the runs where the engine chooses k")
    ap.add_argument("--no-char", action="store_true", help="skip char-tfidf")
    ap.add_argument("--no-char-auto", action="store_true", help="char-tfidf at the true k only (its k chosen is slow)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="folder of cached vectors")
    ap.add_argument("--speed", action="store_true", help="only time suggest() at 1,000, 5,000 and 20,000 items")
    args = ap.parse_args(argv)

    if args.speed:
        if not args.json:
            print("| run | n | wall s | CPU s | clusters |\n|---|---|---|---|---|")
        speed([1000, 5000] if args.quick else [1000, 5000, 20000], args.json)
        return 0

    sample = args.sample or (QUICK_N if args.quick else 0)
    if not DATA.exists() and not MULTI.exists() and not PANEL.exists():
        print(f"no labeled data at {SHARED / 'data'}: nothing to measure", file=sys.stderr)
        return 0
    import numpy as np
    import scipy
    import sklearn

    from facilitator.core import clustering

    default = clustering.default_method()
    if not args.json:
        print(
            f"# python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, "
            f"scikit-learn {sklearn.__version__}, {os.cpu_count()} cpus; sample {sample or 'none (full sets)'}; "
            f"default method {default}"
        )
        print("# ACC / NMI / ARI in percent; k = true number of labels unless 'auto'; "
              "auto k: chosen k ('?' = uncertain) and the two best k offered")
        print()
        print("| set | n | k | baseline tfidf+kmeans | default | default auto: k | default auto | uncl % | "
              "char-tfidf | char auto: k | char auto | s base / default / auto |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.sets:
        loaded = load(name, sample)
        if loaded is None:
            print(f"# {name}: not found, skipped", file=sys.stderr)
            continue
        texts, y, idx = loaded
        mask = (y != "noise") if name == "panel" else None
        k = int(len(np.unique(y[mask] if mask is not None else y)))
        n = len(texts)
        rec: dict = {"set": name, "n": n, "k": k, "sample": sample, "default_method": default}
        if mask is not None:
            base = run_baseline(texts, y, k)
            rec["baseline"] = {**base, **scores(y[mask], base["pred"][mask])}
        else:
            rec["baseline"] = run_baseline(texts, y, k)
        V = None
        if default in SHORT:
            V = cached_vectors(default, name, texts, idx, args.cache, True)
        rec["default"] = run_engine(texts, y, k, default, V, mask)
        rec["default-auto"] = None if args.no_auto else run_engine(texts, y, None, default, V, mask)
        run_char = not args.no_char and default != "char-tfidf"
        rec["char-tfidf"] = run_engine(texts, y, k, "char-tfidf", None, mask) if run_char else None
        char_auto = run_char and not args.no_auto and not args.no_char_auto
        rec["char-tfidf-auto"] = run_engine(texts, y, None, "char-tfidf", None, mask) if char_auto else None
        if name == "ntrex":
            for key in SYSTEMS:
                if rec[key] is not None:
                    rec[key].update(triples(rec[key]["pred"]))
        if name == "panel":
            langs = np.asarray(panel_langs())[idx]
            noise = ~mask
            for key in SYSTEMS[1:]:
                r = rec[key]
                if r is not None:
                    r["noise_unclustered"] = int(r["outlier"][noise].sum())
                    r["themed_unclustered"] = int(r["outlier"][mask].sum())
            if V is not None:
                rec["crosslingual"] = crosslingual(V, langs.tolist(), y, default)
        for key in SYSTEMS:
            if rec[key] is not None:
                rec[key].pop("pred")
                rec[key].pop("outlier", None)
        if args.json:
            print(json.dumps(rec), flush=True)
            continue
        d, da = rec["default"], rec["default-auto"]
        times = f"{rec['baseline']['seconds']:.1f} / {d['seconds']:.1f} / " + (f"{da['seconds']:.1f}" if da else "–")
        print(
            f"| {name} | {n} | {k} | {fmt(rec['baseline'])} | {fmt(d)} | {fmt_auto(da)} | {fmt(da)} | "
            f"{100 * da['unclustered']:.1f} | {fmt(rec['char-tfidf'])} | {fmt_auto(rec['char-tfidf-auto'])} | "
            f"{fmt(rec['char-tfidf-auto'])} | {times} |"
            if da else
            f"| {name} | {n} | {k} | {fmt(rec['baseline'])} | {fmt(d)} | – | – | – | {fmt(rec['char-tfidf'])} | – | – | "
            f"{times} |",
            flush=True,
        )
        if name == "ntrex":
            parts = []
            for key in SYSTEMS:
                r = rec[key]
                if r is not None:
                    parts.append(f"{key}: tri {100 * r['tri_same']:.1f}% (k={r['k']})")
            print("#   NTREX triples in one cluster: " + "; ".join(parts), flush=True)
        if name == "panel":
            parts = []
            for key in SYSTEMS[1:]:
                r = rec[key]
                if r is not None:
                    parts.append(f"{key}: {r['noise_unclustered']}/10 noise and {r['themed_unclustered']}/122 themed unclustered")
            print("#   panel: " + "; ".join(parts), flush=True)
            for key in ("crosslingual",):
                c = rec.get(key)
                if c:
                    print(f"#   panel cross-lingual ({key}): nearest English note shares the theme for "
                          f"{100 * c['all']:.0f}% of probes (fr {100 * c['fr']:.0f}% of {c['fr_n']}, "
                          f"ar {100 * c['ar']:.0f}% of {c['ar_n']}; chance 5.7%)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
