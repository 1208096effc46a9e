#!/usr/bin/env python3
"""Regenerate the sample panel: ``python3 dev.py sample`` (or ``.venv/bin/python tools/make_sample.py``).

Builds a real database the way the app would have been used on the afternoon of 11 March 2023,
through facilitator's own code (the agenda and its panel, ``roster --import``, contributions
saved one by one with their speaking times, typos fixed, themes made by hand, a noise bin,
recommendations written and taken through their statuses), then exports it with the real
exporter. What was said is in ``tools/sample_content.py``.

Deterministic: the clock and the ids are scripted (the store's ``now_iso`` and ``new_id`` are
replaced in this process only), so the same content and the same code give the same bytes.
Before writing, the export is imported into an empty database and exported again: the two
must be identical, or nothing is written.

Then the follow-up, after the Summit (invented too): the agreed recommendations become activities
whose partners send news over two years, written through the follow-up's own store, and the
monitoring report as of ``FOLLOWUP_AS_OF``; it too must come back the same through import.

Writes ``sessions/samples/sahel-roster.csv``, ``sessions/samples/sahel-2023-03-11-record.md``
and ``sessions/samples/sahel-2023-follow-up.md``, and copies them with the agenda into the
package (``facilitator/samples/``).

    --out DIR   write the three files into DIR only (the repository is not touched)
    --check     exit 1 if the files in the repository differ from what this would write
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import sample_content as content  # noqa: E402

AGENDA_SOURCE = ROOT / "sessions" / "sahel-security-2023.md"
FOLLOWUP_NAME = "sahel-2023-follow-up.md"  # the monitoring report of the (invented) follow-up
SAMPLES_DIR = ROOT / "sessions" / "samples"
PACKAGE_DIR = ROOT / "facilitator" / "samples"

VENUE_TZ = dt.timezone(dt.timedelta(hours=3), "AST")  # Manama
DAY = dt.date(2023, 3, 11)
FIRST_WORD = dt.time(14, 34)  # the moderator opens (the session starts at 14:30)
LAST_WORD = dt.time(17, 27)  # the closing words are saved


def at(hhmm: str | dt.time, seconds: float = 0) -> dt.datetime:
    t = hhmm if isinstance(hhmm, dt.time) else dt.time.fromisoformat(hhmm)
    return dt.datetime.combine(DAY, t, VENUE_TZ) + dt.timedelta(seconds=seconds)


# --- a scripted clock and scripted ids ---------------------------------------------------------

class Script:
    """The time it is, and ULIDs drawn from it, for everything facilitator writes."""

    def __init__(self) -> None:
        self.now = at("13:50")
        self.rng = random.Random(20230311)
        self._last = (0, 0)

    def advance(self, low: float, high: float) -> None:
        self.now += dt.timedelta(seconds=round(self.rng.uniform(low, high), 3))

    def set(self, when: dt.datetime) -> None:
        """Move the clock on to ``when`` (a step that ran late is not undone: time never goes back)."""
        self.now = max(self.now, when)

    def now_iso(self) -> str:
        return self.now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def new_id(self) -> str:
        from facilitator.core import ids

        ms = int(self.now.timestamp() * 1000)
        last_ms, last_rand = self._last
        rand = last_rand + 1 if ms <= last_ms else self.rng.getrandbits(80)
        ms = max(ms, last_ms)
        self._last = (ms, rand)
        value = (ms << 80) | (rand & ((1 << 80) - 1))
        out = []
        for _ in range(26):
            out.append(ids._ALPHABET[value & 31])
            value >>= 5
        return "".join(reversed(out))


def install(script: Script) -> None:
    """Replace ``now_iso`` and ``new_id`` wherever facilitator's modules hold them."""
    import importlib

    for name in ("store", "review", "roster", "agenda", "export", "importer", "summary.todb",
                 "summary.fromdb", "summary.render", "summary.parse", "turns", "people", "followup.store",
                 "followup.todb", "followup.report"):
        importlib.import_module(f"facilitator.core.{name}")
    from facilitator.core import ids, store

    real_now, real_id = store.now_iso, ids.new_id
    for mod_name, mod in list(sys.modules.items()):
        if not mod_name.startswith("facilitator"):
            continue
        if getattr(mod, "now_iso", None) is real_now:
            mod.now_iso = script.now_iso
        if getattr(mod, "new_id", None) is real_id:
            mod.new_id = script.new_id


# --- the afternoon ---------------------------------------------------------------------------

def roster_csv() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(content.ROSTER_COLUMNS)
    writer.writerows(content.ROSTER)
    return buf.getvalue()


def schedule(rng: random.Random) -> list[dict]:
    """Every contribution with its question, speaker and times: each turn as long as its words
    (notes are shorter than speech), the handovers between speakers, all spread over the
    afternoon so that the first is at FIRST_WORD and the last saved at LAST_WORD."""
    items = []
    for question, said in content.BLOCKS:
        for entry in said:
            speaker, lang, text, theme, *moved = entry
            words = len(text.split())
            items.append(dict(
                question=question, speaker=speaker, lang=lang, text=text, theme=theme,
                moved_to=moved[0] if moved else None,
                length=(35 + 3.2 * words) * rng.uniform(0.75, 1.35),
                gap=rng.uniform(12, 45),
            ))
    # a speaker who keeps the floor goes on at once; otherwise the handover takes a moment
    raw, t = [], 0.0
    for i, item in enumerate(items):
        same = i > 0 and item["speaker"] == items[i - 1]["speaker"] and item["speaker"] != "FL"
        if i and not same:
            t += item["gap"]
        start = t
        t += item["length"]
        raw.append((start, t))
    span = (at(LAST_WORD) - at(FIRST_WORD)).total_seconds()
    scale = span / raw[-1][1]
    for item, (start, end) in zip(items, raw):
        item["started"] = at(FIRST_WORD, round(start * scale, 3))
        item["saved"] = at(FIRST_WORD, round(end * scale, 3))
    return items


def build(db_path: Path, workdir: Path) -> tuple[str, str]:
    """The sample database at ``db_path``; returns (session id, the exported summary)."""
    script = Script()
    install(script)
    from facilitator.core.agenda import create_session, load_agenda
    from facilitator.core.export import export_session
    from facilitator.core.models import ContributionIn
    from facilitator.core.review import Review
    from facilitator.core.roster import import_roster, read_roster
    from facilitator.core.store import Store

    store = Store.open(db_path)
    try:
        # 13:50, before the doors open: the session from the agenda (its panel goes on the roster)
        import os

        here = os.getcwd()
        os.chdir(ROOT)
        try:
            session, text = load_agenda(Path("sessions") / AGENDA_SOURCE.name)
        finally:
            os.chdir(here)
        sid = create_session(store, session, agenda_text=text).id
        # 13:58: the list of registered participants (gender, youth, the floor speakers)
        script.set(at("13:58"))
        roster_file = workdir / "sahel-roster.csv"
        roster_file.write_text(roster_csv(), encoding="utf-8")
        import_roster(store, read_roster(roster_file), roster_file)

        people = {key: (store.find_participants(name)[0] if name else None) for key, name in content.SPEAKERS.items()}
        qid = {q.position: q.id for q in store.questions(sid)}
        typos = dict(content.CORRECTIONS)

        # 14:34-17:27: the rapporteur gives each speaker the floor and saves each point as it is
        # made; a speaker who goes on keeps their turn (speaking time is the turn)
        from facilitator.core.turns import LiveTurns

        items = schedule(script.rng)
        live = LiveTurns(sid)
        previous = None
        for item in items:
            key = (item["question"], item["speaker"])
            if previous is None or key != previous[0] or item["speaker"] == "FL":
                if previous is not None:  # the speaker before stopped a few seconds after the last save
                    live.end(min(previous[1] + dt.timedelta(seconds=script.rng.uniform(2, 9)), item["started"]))
                live.begin(people[item["speaker"]], qid.get(item["question"]), item["started"])
            script.set(item["saved"])
            first_text = next((typo for start, typo in typos.items() if item["text"].startswith(start)), item["text"])
            with store.write() as conn:
                live.write(conn)
                saved = store.add_contribution(ContributionIn(
                    session_id=sid, question_id=qid.get(item["question"]), participant_id=people[item["speaker"]],
                    text=first_text, lang=item["lang"], started_at=item["started"], turn_id=live.current.id,
                ))
            live.written()
            item["id"] = saved.id
            item["typo"] = first_text != item["text"]
            previous = (key, item["saved"])
            if any(word in item["text"] for word in content.PROPOSALS):
                store.set_proposed(saved.id, True)  # ctrl+b: "we propose ..." flagged for the review
        live.end(previous[1] + dt.timedelta(seconds=5))
        with store.write() as conn:
            live.write(conn)
        live.written()

        # 17:32: what was said under the wrong question is moved; typos are fixed
        script.set(at("17:32"))
        for item in items:
            if item["moved_to"]:
                script.advance(5, 20)
                store.move_contribution(item["id"], qid[item["moved_to"]])
                item["question"] = item["moved_to"]
            if item["typo"]:
                script.advance(10, 40)
                store.edit_contribution(item["id"], item["text"])

        # 17:40-18:20: the facilitator groups the ideas into themes, question by question
        script.set(at("17:40"))
        clusters: dict[tuple[int, str], str] = {}
        for question, themes in content.THEMES.items():
            review = Review(store, sid, qid[question])
            for key, label in themes.items():
                members = [i["id"] for i in items if i["question"] == question and i["theme"] == key]
                script.advance(25, 70)
                clusters[(question, key)] = review.new_cluster(label, members)
            noise = [i["id"] for i in items if i["question"] == question and i["theme"] == "noise"]
            if noise:
                script.advance(5, 15)
                review.park(noise)

        # 18:20-18:50: one draft recommendation per theme that calls for one
        script.set(at("18:20"))
        recs = []
        for rec in content.RECOMMENDATIONS:
            review = Review(store, sid, qid[rec["q"]])
            support = None
            if rec.get("support"):
                support = [i["id"] for i in items if i["question"] == rec["q"] and i["speaker"] in rec["support"]]
            first = rec.get("history", [(rec["text"], "draft")])[0]
            script.advance(40, 110)
            rid = review.add_recommendation(
                first[0], cluster_id=clusters.get((rec["q"], rec["theme"])) if rec["theme"] else None,
                status=first[1], addressed_to=rec["to"], support=support,
            )
            recs.append((review, rid, rec))

        # 18:50-19:05: the drafting group reviews them; 19:05-19:20 the room's decisions
        script.set(at("18:50"))
        for review, rid, rec in recs:
            for text, status in rec.get("history", [])[1:]:
                script.advance(20, 60)
                review.update_recommendation(rid, text=text, status=status)
            if rec["status"] in ("reviewed", "agreed"):
                script.advance(10, 30)
                review.update_recommendation(rid, text=rec["text"], status="reviewed")
        script.set(at("19:05"))
        for review, rid, rec in sorted(recs, key=lambda r: (r[2].get("rank") or 99)):
            if rec["status"] in ("agreed", "dropped"):
                script.advance(15, 45)
                review.update_recommendation(rid, text=rec["text"], status=rec["status"], rank=rec.get("rank"))
        # each recommendation's lenses (l in the review)
        for review, rid, rec in recs:
            lenses = content.LENSES.get(rec["theme"] if rec["theme"] else rec["q"])
            if lenses:
                script.advance(5, 15)
                review.set_lenses(rid, lenses)
        record = export_session(store, sid, include_dropped=True)  # the whole record: dropped ones too
        followup = build_followup(store, script, {(r["q"], r["theme"]): rid for _review, rid, r in recs
                                                  if r["status"] == "agreed"})
    finally:
        store.close()
    return sid, record, followup


def build_followup(store, script: Script, recs: dict) -> str:
    """After the Summit: the agreed recommendations become activities whose partners send news
    over two years (``content.FOLLOWUP``); returns the monitoring report as of
    ``content.FOLLOWUP_AS_OF``, the way staff would export it."""
    from facilitator.core.followup.document import monitoring_markdown
    from facilitator.core.followup.model import ActivityIn, UpdateIn
    from facilitator.core.followup.store import FollowUp

    follow = FollowUp(store)
    as_of = dt.date.fromisoformat(content.FOLLOWUP_AS_OF)

    def when(day: str) -> dt.datetime:
        return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10, 0), VENUE_TZ)

    made = []
    for item in content.FOLLOWUP:
        script.set(when(item["created"]))
        script.advance(60, 600)
        aid = follow.add_activity(ActivityIn(
            recommendation_id=recs[item["rec"]], title=item["title"],
            lead={"name": item["lead"][0], "kind": item["lead"][1]},
            partners=[{"name": n, "kind": k} for n, k in item["partners"]],
            start=item["start"], due=item["due"], lens=item.get("lens")))
        made.append((aid, item))
    for day, aid, update in sorted((u[0], aid, u) for aid, item in made for u in item["updates"]):
        script.set(when(day))
        script.advance(60, 3600)
        _day, who, status, progress, text, source = update
        follow.add_update(UpdateIn(activity_id=aid, date=day, author=who[0] if who else None,
                                   author_kind=who[1] if who else None, status=status, progress=progress,
                                   text=text, source=source), today=as_of)
    return monitoring_markdown(store, as_of=as_of, title=content.FOLLOWUP_TITLE)


def round_trip(record: str, followup: str, workdir: Path) -> tuple[str, str]:
    """The record and the follow-up imported into an empty database and exported again."""
    from facilitator.core.export import export_session
    from facilitator.core.followup.document import monitoring_markdown
    from facilitator.core.followup.parse import parse_report
    from facilitator.core.followup.todb import import_report
    from facilitator.core.importer import import_text
    from facilitator.core.store import Store

    with Store.open(workdir / "again.db") as store:
        result = import_text(store, record, "sahel-2023-03-11-record.md")
        import_report(store, parse_report(followup, FOLLOWUP_NAME), FOLLOWUP_NAME)
        as_of = dt.date.fromisoformat(content.FOLLOWUP_AS_OF)
        return (export_session(store, result.sessions[0], include_dropped=True),
                monitoring_markdown(store, as_of=as_of, title=content.FOLLOWUP_TITLE))


def generate() -> dict[str, bytes]:
    """The three sample files by name, made afresh."""
    with tempfile.TemporaryDirectory(prefix="facilitator-sample-") as tmp:
        work = Path(tmp)
        _sid, record, followup = build(work / "sample.db", work)
        again, followup_again = round_trip(record, followup, work)
        if again != record:
            raise SystemExit("make_sample: the export does not come back the same through import; nothing written")
        if followup_again != followup:
            raise SystemExit("make_sample: the monitoring report does not come back the same through import; "
                             "nothing written")
    return {
        "sahel-security-2023.md": AGENDA_SOURCE.read_bytes(),
        "sahel-roster.csv": roster_csv().encode("utf-8"),
        "sahel-2023-03-11-record.md": record.encode("utf-8"),
        FOLLOWUP_NAME: followup.encode("utf-8"),
    }


def targets() -> list[tuple[Path, str]]:
    """Where each file goes in the repository (the agenda itself is the source in sessions/)."""
    out = [(PACKAGE_DIR / name, name)
           for name in ("sahel-security-2023.md", "sahel-roster.csv", "sahel-2023-03-11-record.md", FOLLOWUP_NAME)]
    out += [(SAMPLES_DIR / name, name) for name in ("sahel-roster.csv", "sahel-2023-03-11-record.md", FOLLOWUP_NAME)]
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", metavar="DIR", help="write the files into DIR only")
    parser.add_argument("--check", action="store_true", help="exit 1 if the repository's copies are not up to date")
    args = parser.parse_args(argv)
    files = generate()
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
        print(f"sample written to {out}", file=sys.stderr)
        return 0
    stale = [path for path, name in targets() if not path.is_file() or path.read_bytes() != files[name]]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run: python3 dev.py sample)", file=sys.stderr)
        return 1 if stale else 0
    for path, name in targets():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])
    print("\n".join(f"wrote {p.relative_to(ROOT)}" for p, _ in targets()) if stale else "the sample was up to date", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
