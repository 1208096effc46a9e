#!/usr/bin/env python3
"""Clustering quality: the engine against plain TF-IDF + k-means on labeled sets, with and
without the guiding questions, and the number of themes it finds.

    python tests/benchmarks/quality.py            # every set, whole
    python tests/benchmarks/quality.py --quick    # a 1,000-item sample of each set
    python tests/benchmarks/quality.py --json     # one JSON object per line instead of tables
    python tests/benchmarks/quality.py --labels   # 20 labels beside samples of their clusters (for a reader)

Data: ``shared/data/clustering/``, ``shared/data/multilingual/`` and ``shared/data/panel/``
(``$FACILITATOR_SHARED``, else a ``shared`` folder beside the repository or one level
higher); a set that is not there is skipped. The files are read exactly as
``shared/tools/cluster_baseline.py`` reads them. Nothing of them is kept in the repository.
Besides them, ``sample``: the demo panel of this repository (tools/sample_content.py: 114
notes of a Sahel security panel under 14 questions, its themes defined per question; written
for this project, so a weaker yardstick).

For each set (the true k: the number of labels):
  baseline   sklearn ``TfidfVectorizer()`` + ``KMeans(true k, n_init=1)``, mean of seeds 0-2
             (as shared/tools/cluster_baseline.py)
  plain      the default method (use-multilingual), themes found (no k given), no questions:
             the number of broad themes (top) and of themes (leaves), scored at both levels
  at k       the default method asked for the true k
  questions  sets with guiding questions (the panels): the default method given each item's
             question (question-aware, its weight 0-1), and grouping by question alone
  char       the optional char-tfidf at the true k (where scikit-learn is installed)

Simulated panels (``--panels``, on by default): sets without questions get them made up. From
each set, 5 samples of 15 labels x 6 items (fewer labels where the set has fewer), asked two
ways: *follow*, each label under its own question (two labels share one, 5% of the items filed
under another question), as in a panel whose themes follow its questions; *cross*, each label's
items split between two of six questions, as in the education panel. Mean NMI / ARI of the
baseline (true k), plain, question-aware and by question.

Scores (percent): ACC after the best one-to-one mapping (Hungarian), NMI (arithmetic), ARI.
The engine's items left unclustered count as one label of their own in every score. The panel
is scored as its README says: its 122 themed notes (the noise notes are in the input but not
scored), with the cross-lingual check (each French or Arabic note's nearest English note by
the method's own cosine shares its theme; chance 5.7%).

Cross-lingual (NTREX, the same sentence in English, French and Arabic): the share of
triples whose three versions land in one theme ("tri").
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


def _panel_questions() -> list[int]:
    return [json.loads(line)["question"] for line in _read_lines(PANEL) if line.strip()]


SAMPLE_CONTENT = ROOT / "tools" / "sample_content.py"


def _sample_rows():
    """(text, label, question, lang) of the demo panel's notes that have a question; a note in no
    theme of its question is labelled ``noise`` (not scored)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sample_content", SAMPLE_CONTENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = []
    for question, said in module.BLOCKS:
        for entry in said:
            q = entry[4] if len(entry) > 4 else question
            if q is None:
                continue
            theme = entry[3]
            label = "noise" if theme in (None, "noise") else f"Q{q}:{theme}"
            rows.append((entry[2], label, q, entry[1]))
    return rows


def _sample():
    rows = _sample_rows()
    return [r[0] for r in rows], [r[1] for r in rows]


QUESTIONS = {"panel": _panel_questions, "sample": lambda: [r[2] for r in _sample_rows()]}
LANGS = {"panel": panel_langs, "sample": lambda: [r[3] for r in _sample_rows()]}


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
    "sample": (_sample, SAMPLE_CONTENT),
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


def run_engine(texts, y, k, method, vectors=None, score_mask=None, questions=None) -> dict:
    """The engine on ``texts`` (k None: found). ``score_mask``: score only these items (the
    panel's protocol). ``questions``: each item's question (question-aware). Items left
    unclustered count as one label of their own. Scores of the themes (leaves) and, with two
    levels, of the broad themes (``top``)."""
    import numpy as np

    from facilitator.core import clustering

    width = len(str(len(texts)))
    items = [(str(i).zfill(width), t) for i, t in enumerate(texts)]
    vecs = None
    if vectors is not None:
        vecs = {items[i][0]: vectors[i] for i in range(len(items))}
    qs = None if questions is None else {items[i][0]: questions[i] for i in range(len(items))}
    t0, c0 = time.perf_counter(), time.process_time()
    used, ids, _, part = clustering.cluster_rows(items, k=k, method=method, vectors=vecs, questions=qs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert ids == [i for i, _ in items]
    y = np.asarray(y)
    mask = np.ones(len(y), dtype=bool) if score_mask is None else np.asarray(score_mask)
    leaves = np.where(part.outlier, -1, part.labels)
    parents = np.asarray(part.parents)
    top = np.where(part.outlier, -1, np.where(parents[part.labels] >= 0, parents[part.labels],
                                                  part.n_parents + part.labels))
    out = scores(y[mask], leaves[mask])
    out["top"] = scores(y[mask], top[mask])
    out["method"] = used
    out["unclustered"] = float(part.outlier.mean())
    out["seconds"] = seconds
    out["cpu_seconds"] = cpu
    out["leaves"] = int(len(set(part.labels[~part.outlier].tolist())))
    out["k"] = int(len(set(top[~part.outlier].tolist())))  # top-level entries: broad themes and themes of their own
    out["parents"] = int(part.n_parents)
    out["question_weight"] = float(part.question_weight)
    kc = part.kchoice
    if kc is not None:
        out["k_best"] = list(kc.best)
        out["k_uncertain"] = bool(kc.uncertain)
    out["pred"] = leaves
    out["outlier"] = part.outlier
    return out


def by_question(y, questions, score_mask=None) -> dict:
    import numpy as np

    y = np.asarray(y)
    mask = np.ones(len(y), dtype=bool) if score_mask is None else np.asarray(score_mask)
    return scores(y[mask], np.asarray([str(q) for q in questions])[mask])


# ---------------------------------------------------------------- simulated panels


PANEL_LABELS, PANEL_PER, PANEL_SEEDS, PANEL_WANDER, CROSS_QUESTIONS = 15, 6, 5, 0.05, 6


def panel_sample(y, rng):
    """Row indices of PANEL_LABELS labels x PANEL_PER items (labels with that many items)."""
    import numpy as np

    labels = [lab for lab in sorted(set(y.tolist())) if lab != "noise" and (y == lab).sum() >= PANEL_PER]
    chosen = rng.choice(len(labels), size=min(PANEL_LABELS, len(labels)), replace=False)
    idx = [i for c in chosen for i in rng.choice(np.flatnonzero(y == labels[c]), size=PANEL_PER, replace=False)]
    return np.sort(np.asarray(idx))


def questions_follow(y, rng):
    """Each label under its own question; the last two share one; PANEL_WANDER of the items
    filed under another question."""
    import numpy as np

    labels = sorted(set(y.tolist()))
    rng.shuffle(labels)
    n_questions = max(1, len(labels) - 1)
    of = {lab: i % n_questions for i, lab in enumerate(labels)}
    q = np.array([of[lab] for lab in y])
    moved = rng.random(len(y)) < PANEL_WANDER
    q[moved] = rng.integers(n_questions, size=int(moved.sum()))
    return q


def questions_cross(y, rng):
    """Each label's items split between two of CROSS_QUESTIONS questions."""
    import numpy as np

    q = np.empty(len(y), dtype=int)
    for lab in sorted(set(y.tolist())):
        members = np.flatnonzero(y == lab)
        two = rng.choice(CROSS_QUESTIONS, size=2, replace=False)
        q[members] = two[rng.permutation(len(members)) % 2]
    return q


def simulated_panels(name, texts, y, V) -> dict:
    """Mean scores over PANEL_SEEDS samples, for each way of asking (follow, cross)."""
    import numpy as np

    out = {}
    for regime, make in (("follow", questions_follow), ("cross", questions_cross)):
        runs: dict[str, list] = {"baseline": [], "plain": [], "questions": [], "by_question": [], "weight": []}
        for seed in range(PANEL_SEEDS):
            rng = np.random.default_rng(seed)
            sel = panel_sample(y, rng)
            yy, tt = y[sel], [texts[i] for i in sel]
            qq = make(yy, rng)
            k = len(set(yy.tolist()))
            runs["baseline"].append(run_baseline(tt, yy, k))
            plain = run_engine(tt, yy, None, "use-multilingual", V[sel])
            aware = run_engine(tt, yy, None, "use-multilingual", V[sel], questions=qq.tolist())
            runs["plain"].append(plain)
            runs["questions"].append(aware)
            runs["by_question"].append(by_question(yy, qq))
            runs["weight"].append(aware["question_weight"])
        out[regime] = {key: ({m: float(np.mean([r[m] for r in rs])) for m in ("nmi", "ari")}
                             if key != "weight" else float(np.mean(rs))) for key, rs in runs.items()}
        out[regime]["labels"] = min(PANEL_LABELS, len([lab for lab in set(y.tolist()) if lab != "noise"]))
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


def pct(r: dict | None, *keys: str) -> str:
    if r is None:
        return "–"
    return " / ".join(f"{100 * r[k]:.1f}" for k in keys)


def fmt_k(r: dict) -> str:
    """``12 · 64`` (broad themes or themes of their own · themes), ``?`` when uncertain."""
    mark = "?" if r.get("k_uncertain") else ""
    return f"{r['k']}{mark} · {r['leaves']}" if r["parents"] else f"{r['leaves']}{mark}"


def labels_for_a_reader(names: list[str], sample: int, cache: Path, count: int = 20, show: int = 4) -> list[dict]:
    """``count`` clusters' labels with ``show`` of their ideas each, from the whole-session
    suggestions of the sets named (questions given where the set has them), taken in turn
    from each set, largest clusters first; deterministic."""
    import numpy as np

    from facilitator.core import clustering

    per_set = []
    for name in names:
        loaded = load(name, sample if name not in ("panel", "sample") else None)
        if loaded is None:
            continue
        texts, _y, idx = loaded
        V = cached_vectors("use-multilingual", name, texts, idx, cache, True)
        items = [(f"{i:06d}", t) for i, t in enumerate(texts)]
        questions = None
        if name in QUESTIONS:
            qs = np.asarray(QUESTIONS[name]())[idx]
            questions = {items[i][0]: qs[i] for i in range(len(items))}
        lang = {"sample": "en", "panel": "en"}.get(name)
        s = clustering.suggest(items, vectors={items[i][0]: V[i] for i in range(len(items))}, questions=questions,
                               lang=lang)
        text_of = dict(items)
        rows = []
        for c in s.clusters:
            if len(c.member_ids) < 3:
                continue
            rows.append({"set": name, "label": c.label, "parent": s.parents[c.parent] if c.parent is not None else None,
                         "size": len(c.member_ids), "ideas": [text_of[m] for m in c.member_ids[:show]]})
        per_set.append(rows)
    out: list[dict] = []
    turn = 0
    while len(out) < count and any(per_set):
        rows = per_set[turn % len(per_set)]
        if rows:
            out.append(rows.pop(0))
        turn += 1
    return out


def main(argv=None) -> int:  # noqa: C901 - a benchmark script's option handling; not split yet (issue 23 follow-up)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help=f"a {QUICK_N}-item sample of each set")
    ap.add_argument("--json", action="store_true", help="JSON lines instead of tables")
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--sample", type=int, default=0, help="sample size (default: whole sets, or 1000 with --quick)")
    ap.add_argument("--no-panels", action="store_true", help="skip the simulated panels")
    ap.add_argument("--no-char", action="store_true", help="skip char-tfidf")
    ap.add_argument("--labels", action="store_true", help="only print 20 labels beside samples of their clusters")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="folder of cached vectors")
    ap.add_argument("--speed", action="store_true", help="only time suggest() at 1,000, 5,000 and 20,000 items")
    args = ap.parse_args(argv)

    if args.speed:
        if not args.json:
            print("| run | n | wall s | CPU s | clusters |\n|---|---|---|---|---|")
        speed([1000, 5000] if args.quick else [1000, 5000, 20000], args.json)
        return 0
    if args.labels:
        rows = labels_for_a_reader(["sample", "panel", "stackoverflow", "agnews-8000", "banking77-test", "ntrex"],
                                   1000, args.cache)
        if args.json:
            for r in rows:
                print(json.dumps(r, ensure_ascii=False))
            return 0
        print("| # | set | label | size | ideas (the first ones, most central first) |\n|---|---|---|---|---|")
        for i, r in enumerate(rows, start=1):
            ideas = " / ".join(" ".join(t.split())[:110] for t in r["ideas"]).replace("|", "\\|")
            label = (f"{r['parent']} › " if r["parent"] else "") + r["label"]
            print(f"| {i} | {r['set']} | {label} | {r['size']} | {ideas} |")
        return 0

    sample = args.sample or (QUICK_N if args.quick else 0)
    import numpy as np
    import scipy
    import sklearn

    from facilitator.core import clustering

    default = clustering.default_method()
    has_char = not args.no_char and clustering.char_tfidf_available()
    if not args.json:
        print(f"# python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, "
              f"scikit-learn {sklearn.__version__}, {os.cpu_count()} cpus; sample {sample or 'none (full sets)'}; "
              f"default method {default}")
        print("# NMI / ARI in percent; true k: the number of labels; plain: themes found, no questions (broad "
              "themes · themes; '?': the engine said the number is uncertain); scores of the themes, then of the "
              "broad themes; questions: question-aware (its weight) and by question alone, where the set has questions")
        print()
        print("| set | n | true k | questions | TF-IDF + k-means, true k | plain: k | plain | plain, broad | "
              "question-aware (weight) | by question | at true k | char-tfidf, true k | uncl. % | s TF-IDF / plain |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    panels = []
    for name in args.sets:
        loaded = load(name, sample if name not in ("panel", "sample") else None)
        if loaded is None:
            print(f"# {name}: not found, skipped", file=sys.stderr)
            continue
        texts, y, idx = loaded
        mask = (y != "noise") if name in ("panel", "sample") else None
        k = int(len(np.unique(y[mask] if mask is not None else y)))
        n = len(texts)
        rec: dict = {"set": name, "n": n, "k": k, "sample": sample, "default_method": default}
        base = run_baseline(texts, y, k)
        rec["baseline"] = {**base, **scores(y[mask], base["pred"][mask])} if mask is not None else base
        V = cached_vectors(default, name, texts, idx, args.cache, True) if default in SHORT else None
        rec["plain"] = run_engine(texts, y, None, default, V, mask)
        rec["at_k"] = run_engine(texts, y, k, default, V, mask)
        rec["questions"] = rec["by_question"] = None
        if name in QUESTIONS:
            qs = list(np.asarray(QUESTIONS[name]())[idx])
            rec["questions"] = run_engine(texts, y, None, default, V, mask, questions=qs)
            rec["by_question"] = by_question(y, qs, mask)
        rec["char"] = run_engine(texts, y, k, "char-tfidf", None, mask) if has_char else None
        if name == "ntrex":
            for key in ("baseline", "plain", "at_k", "char"):
                if rec[key] is not None:
                    rec[key].update(triples(rec[key]["pred"]))
        if name == "panel" and V is not None:
            langs = np.asarray(panel_langs())[idx]
            rec["crosslingual"] = crosslingual(V, langs.tolist(), y, default)
            for key in ("plain", "questions"):
                r = rec[key]
                r["noise_unclustered"] = int(r["outlier"][~mask].sum())
                r["themed_unclustered"] = int(r["outlier"][mask].sum())
        if not args.no_panels and V is not None and name not in ("sample",):
            rec["panels"] = simulated_panels(name, texts, y, V)
            panels.append((name, rec["panels"]))
        for key in ("baseline", "plain", "at_k", "questions", "char"):
            if rec.get(key) is not None:
                rec[key].pop("pred", None)
                rec[key].pop("outlier", None)
        if args.json:
            print(json.dumps(rec), flush=True)
            continue
        pl, q = rec["plain"], rec["questions"]
        aware = f"{pct(q, 'nmi', 'ari')} ({q['question_weight']:.2f})" if q else "no questions"
        print(f"| {name} | {n:,} | {k} | {'yes' if q else 'no'} | {pct(rec['baseline'], 'nmi', 'ari')} | {fmt_k(pl)} | "
              f"{pct(pl, 'nmi', 'ari')} | {pct(pl['top'], 'nmi', 'ari') if pl['parents'] else '(one level)'} | {aware} | "
              f"{pct(rec['by_question'], 'nmi', 'ari')} | {pct(rec['at_k'], 'nmi', 'ari')} | "
              f"{pct(rec['char'], 'nmi', 'ari')} | {100 * pl['unclustered']:.1f} | "
              f"{rec['baseline']['seconds']:.1f} / {pl['seconds']:.1f} |", flush=True)
        if name == "ntrex":
            print("#   NTREX triples in one theme: " + "; ".join(
                f"{key} {100 * rec[key]['tri_same']:.1f}%" for key in ("baseline", "plain", "at_k", "char")
                if rec[key] is not None), flush=True)
        if name == "panel":
            c = rec.get("crosslingual")
            print(f"#   panel: plain {pl['noise_unclustered']}/10 noise and {pl['themed_unclustered']}/122 themed notes "
                  f"unclustered; question-aware {q['noise_unclustered']}/10 and {q['themed_unclustered']}/122" +
                  (f"; cross-lingual: nearest English note shares the theme for {100 * c['all']:.0f}% of probes "
                   f"(fr {100 * c['fr']:.0f}%, ar {100 * c['ar']:.0f}%; chance 5.7%)" if c else ""), flush=True)
    if panels and not args.json:
        print()
        print(f"Simulated panels: {PANEL_SEEDS} samples of up to {PANEL_LABELS} labels x {PANEL_PER} items per set; "
              "NMI / ARI in percent, means.")
        print()
        print("| set | questions | TF-IDF + k-means, true k | plain | question-aware (weight) | by question |")
        print("|---|---|---|---|---|---|")
        for name, result in panels:
            for regime in ("follow", "cross"):
                r = result[regime]
                print(f"| {name} | {regime} | {pct(r['baseline'], 'nmi', 'ari')} | {pct(r['plain'], 'nmi', 'ari')} | "
                      f"{pct(r['questions'], 'nmi', 'ari')} ({r['weight']:.2f}) | {pct(r['by_question'], 'nmi', 'ari')} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
