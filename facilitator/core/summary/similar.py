"""Near-duplicates across the sessions of a merged report: "similar, consider merging".

Two rooms often reach the same recommendation in other words, or in another language. A merged
report lists such pairs (recommendations with recommendations, themes with themes, always of
two different sessions) for staff to look at; nothing is ever merged here.

How: each item's sentence vector (:func:`sentence_vectors`, the best embedder
:mod:`facilitator.core.clustering` has), centred on the mean of its language (the questions of
the report, in every language the agendas give, make the background, so there are always
enough rows), then a pair is listed when each is the other's nearest item of the other session
and their cosine is at least the method's threshold (0.40 with the multilingual vectors).
Measured with them on 60 NTREX news sentences against their Arabic and French translations,
the Sahel questions as background: translations 0.47-0.88 (median 0.69 Arabic, 0.75 French),
unrelated pairs median 0.0 and 99% below 0.3; at 0.40, 20 of 20 translations found in each
language, no wrong pair.
"""

from __future__ import annotations

from .model import Doc, Similar
from .text import canonical, one_line

USE = "use-multilingual"
CHAR = "char-tfidf"
THRESHOLD = {USE: 0.40, CHAR: 0.50}
MAX_ITEMS = 400  # beyond this many recommendations and themes, no search (it would take minutes)
MAX_PAIRS = 60
_CACHE: dict[str, list[float]] = {}  # text -> vector: merging again embeds nothing again


def sentence_vectors(texts: list[str]):
    """(method, unit rows) for ``texts``: the clustering package's multilingual sentence
    vectors (:func:`facilitator.core.clustering.sentence_vectors`) when its embedder is
    installed, else its character TF-IDF (which finds same-language near-duplicates only)."""
    import numpy as np

    from .. import clustering

    if clustering.default_method() == clustering.USE_MULTILINGUAL:
        missing = [t for t in dict.fromkeys(texts) if t not in _CACHE]
        if missing:
            if len(_CACHE) > 20_000:
                _CACHE.clear()
            _CACHE.update(zip(missing, clustering.sentence_vectors(missing)))
        rows = np.asarray([_CACHE[t] for t in texts], dtype=np.float64)
        method = USE
    else:
        from ..clustering import tfidf

        X, _vec = tfidf.tfidf_matrix(texts)
        rows = np.asarray(X.toarray(), dtype=np.float64)
        method = CHAR
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return method, rows / norms


def _centred(rows, texts: list[str]):
    """Rows minus the mean of their language (shrunk towards the mean of all), normalised: sentence
    vectors carry a strong direction per language, which would hide the meaning."""
    import numpy as np

    from ..store import guess_lang

    langs = np.asarray([guess_lang(t) or "?" for t in texts])
    overall = rows.mean(axis=0)
    out = np.empty_like(rows)
    for lang in sorted(set(langs.tolist())):
        mask = langs == lang
        mean = (rows[mask].sum(axis=0) + 8 * overall) / (int(mask.sum()) + 8)
        out[mask] = rows[mask] - mean
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def find_similar(doc: Doc) -> list[Similar]:
    """The pairs of ``doc`` to list as "similar, consider merging" (see the module docstring)."""
    items: list[tuple[str, str, str, str]] = []  # kind, id, session, text
    seen: set[str] = set()
    for r in doc.recommendations():
        if r.id not in seen and r.status != "dropped" and canonical(r.text):
            seen.add(r.id)
            items.append(("recommendation", r.id, r.session_id, canonical(r.text)))
    for sec in doc.sections:
        texts = {c.id: c.text for c in sec.contributions()}
        for cl in sec.clusters:
            if cl.id in seen or cl.parked or not one_line(cl.label):
                continue
            seen.add(cl.id)
            text = one_line(cl.label)
            if cl.representative_id in texts:
                text += ". " + canonical(texts[cl.representative_id])
            items.append(("theme", cl.id, cl.session_id, text))
    sessions = {s for _k, _i, s, _t in items}
    if len(sessions) < 2 or len(items) > MAX_ITEMS:
        return []
    # a canonical order, whatever the order of the files merged: the same report merged again
    # with one of its inputs lists the same pairs, each the same way round
    items.sort(key=lambda item: (item[0], item[2], item[1], item[3]))
    background = sorted({t for sec in doc.sections for q in sec.questions for t in q.texts() if one_line(t)})
    item_texts = [t for *_x, t in items]
    method, rows = sentence_vectors(item_texts + background)
    if method == USE:
        rows = _centred(rows, item_texts + background)
    rows = rows[: len(items)]
    sims = rows @ rows.T
    threshold = THRESHOLD[method]
    # each item's nearest item of every other session, of the same kind
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, (kind, _id, session, _t) in enumerate(items):
        for j, (kind2, _id2, session2, _t2) in enumerate(items):
            if i == j or kind2 != kind or session2 == session:
                continue
            score = float(sims[i, j])
            key = (i, session2)
            if key not in best or score > best[key][0] + 1e-12:
                best[key] = (score, j)
    pairs = []
    for (i, _s2), (score, j) in best.items():
        if i < j and score >= threshold and best.get((j, items[i][2]), (None, None))[1] == i:
            pairs.append(Similar(kind=items[i][0], a=items[i][1], b=items[j][1], score=round(score, 2)))
    pairs.sort(key=lambda p: (p.kind != "recommendation", -p.score, p.a, p.b))
    return pairs[:MAX_PAIRS]
