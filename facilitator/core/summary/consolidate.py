"""Sets of recommendations that say the same thing, across rooms, meetings and languages.

A merged report shows them as one entry with the members listed under it, for staff to keep one
text (a member's, or their own) or to say they are not one (:class:`~.model.ConsolidatedSet`).
What staff decided is in the report, so merging it again keeps the decision; the search only
proposes sets among the recommendations that are in no set yet.

How: each recommendation's sentence vector (:func:`.similar.sentence_vectors`, the clustering
package's multilingual vectors, centred per language as for similar themes), then sets grow
from the most similar pair down (complete linkage): two sets join only when every pair across
them is at least the threshold (0.40 with the multilingual vectors, as :mod:`.similar`) and no
session would have two members (two recommendations of one room are the room's own business).
A pair of a set is thus always a pair :mod:`.similar` would call similar, but a set is not
limited to two sessions, nor to each one's single nearest item. The order is canonical (by
similarity, then ids): the same inputs give the same sets, in any order.
"""

from __future__ import annotations

from .model import ConsolidatedSet, Doc, derived_id
from .similar import CHAR, THRESHOLD, USE, _centred, sentence_vectors
from .text import canonical, one_line

MAX_ITEMS = 600  # beyond this many recommendations, no search (it would take minutes)


def find_sets(doc: Doc, known: list[ConsolidatedSet] | None = None) -> list[ConsolidatedSet]:
    """New proposed sets among the recommendations of ``doc`` that are in none of ``known``."""
    taken = {m for s in (known or []) for m in s.members}
    items: list[tuple[str, str, str]] = []  # id, session, text
    seen: set[str] = set()
    for r in doc.recommendations():
        text = canonical(r.text)
        if r.id in seen or r.id in taken or r.status == "dropped" or not text:
            continue
        seen.add(r.id)
        items.append((r.id, r.session_id, text))
    if len({s for _i, s, _t in items}) < 2 or len(items) > MAX_ITEMS:
        return []
    items.sort(key=lambda x: x[0])  # canonical order: the inputs' order does not matter
    background = sorted(dict.fromkeys(
        t for sec in doc.sections for q in sec.questions for t in q.texts() if one_line(t)
    ))
    texts = [t for *_x, t in items]
    method, rows = sentence_vectors(texts + background)
    if method == USE:
        rows = _centred(rows, texts + background)
    rows = rows[: len(items)]
    sims = rows @ rows.T
    threshold = THRESHOLD[method if method in THRESHOLD else CHAR]
    n = len(items)
    pairs = sorted(
        ((round(float(sims[i, j]), 6), i, j) for i in range(n) for j in range(i + 1, n)
         if items[i][1] != items[j][1] and sims[i, j] >= threshold),
        key=lambda p: (-p[0], items[p[1]][0], items[p[2]][0]),
    )
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _score, i, j in pairs:
        a, b = group[i], group[j]
        if a == b:
            continue
        left, right = members[a], members[b]
        if {items[k][1] for k in left} & {items[k][1] for k in right}:
            continue  # a session would have two members
        if any(sims[x, y] < threshold for x in left for y in right):
            continue  # complete linkage: every pair of the set is similar
        for k in right:
            group[k] = a
        members[a] = left + right
        del members[b]
    out = []
    for ks in members.values():
        if len(ks) < 2:
            continue
        ks = sorted(ks, key=lambda k: items[k][0])
        ids = [items[k][0] for k in ks]
        low = min(float(sims[x, y]) for x in ks for y in ks if x < y)
        out.append(ConsolidatedSet(id=derived_id("set", *ids), members=ids, score=round(low, 2)))
    return out


def consolidate(doc: Doc, known: list[ConsolidatedSet], *, search: bool = True) -> tuple[list[ConsolidatedSet], list[str]]:
    """The sets of a merged report: those the inputs carry (each once; the first file's decision
    wins, a different one is reported), then (``search``) new proposals. Returns (sets, notes)."""
    notes: list[str] = []
    kept: dict[str, ConsolidatedSet] = {}
    present = {r.id for r in doc.recommendations()}
    for cset in known:
        mine = kept.get(cset.id)
        if mine is None:
            members = [m for m in cset.members if m in present]
            kept[cset.id] = ConsolidatedSet(**{**cset.__dict__, "members": members})
            continue
        for m in cset.members:
            if m in present and m not in mine.members:
                mine.members.append(m)
        if (cset.state, cset.text) != (mine.state, mine.text) and cset.state != "proposed":
            if mine.state == "proposed":
                mine.state, mine.text, mine.source = cset.state, cset.text, cset.source
                mine.addressed_to = mine.addressed_to or cset.addressed_to
                mine.lenses = mine.lenses or cset.lenses
            else:
                notes.append(f"set {cset.id}: {cset.file or 'a file'} decided otherwise ({cset.state}); "
                             f"the first file's decision is kept ({mine.state})")
    sets = [s for s in kept.values() if len(s.members) >= 2 or s.state == "separate"]
    # a recommendation belongs to one set: the first that has it
    owner: dict[str, str] = {}
    for s in sets:
        s.members = [m for m in s.members if owner.setdefault(m, s.id) == s.id]
    sets = [s for s in sets if len(s.members) >= 2]
    return sets + (find_sets(doc, sets) if search else []), notes


__all__ = ["consolidate", "find_sets"]
