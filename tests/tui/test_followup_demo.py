"""Issue 24, done when: from the demo, an agreed recommendation becomes two activities with
updates in the app and from a CSV; the monitoring report is written in the three formats and
read back; two staff files merge without loss or duplicates."""

from __future__ import annotations

import datetime as dt
import shutil

from facilitator.cli.cmd_demo import open_demo
from facilitator.core.followup.store import FollowUp
from facilitator.core.store import Store
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.followup import FollowUpScreen
from tests.conftest import db_fingerprint

from .screen_text import screen_text
from .test_capture import settle
from .test_followup_screen import type_text

TODAY = dt.datetime(2025, 3, 11, 9, tzinfo=dt.timezone.utc)


async def test_issue_24_from_the_demo_to_two_staff_reports_merged(tmp_path, run_cli):
    demo = tmp_path / "demo.db"
    store, _session = open_demo(demo)
    follow = FollowUp(store)
    [unfollowed] = [r for r in follow.recommendations() if r["activities"] == 0]
    assert unfollowed["seq"] == 4  # the review of counter-terrorism laws: nobody follows it up yet
    before = {a.id for a in follow.activities()}

    # in the app: n, the recommendation (typed), two activities, an update in a few keys
    app = FacilitatorApp(store)
    app.clock = lambda: TODAY
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_followup()
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        screen = app.screen
        for title, lead in (("Review the counter-terrorism laws with UNODC's legislative assistance",
                             "Assemblée nationale du Niger"), ("A comparative table of the laws of the five countries",
                                                               "IPU")):
            await pilot.press("n")
            await settle(pilot, lambda: "which recommendation" in screen_text(app))
            await type_text(pilot, "R-004")
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot, lambda: screen.pane.current == "followup-activity")
            await type_text(pilot, title)
            await pilot.press("tab")
            await type_text(pilot, lead)
            await pilot.press("tab", "tab", "tab")
            await type_text(pilot, "31/12/2025")
            await pilot.press("ctrl+s")
            await settle(pilot, lambda: screen.pane.current == "followup-detail")
        mine = [a for a in FollowUp(store).activities() if a.id not in before]
        assert sorted((a.rec_ref, a.lead, a.due) for a in mine) == [
            ("R-004", "Assemblée nationale du Niger", "2025-12-31"), ("R-004", "IPU", "2025-12-31")]
        first = next(a for a in mine if a.lead == "IPU")
        assert screen.listing.current == first.id  # the one just saved
        await pilot.press("u")
        await type_text(pilot, "Table drafted for four of the five countries.")
        await pilot.press("tab")
        await type_text(pilot, "en c")
        await pilot.press("tab")
        await type_text(pilot, "60")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.pane.current == "followup-detail")
    store.close()
    assert FollowUp(Store.open(demo)).activity(first.id).progress == 60

    # from a CSV a partner sent back (the template, filled in)
    status, template, _ = run_cli("followup", "template", "--lead", "Niger", db=demo)
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(template)))
    niger = next(a for a in mine if a.lead != "IPU")
    assert {r["lead"] for r in rows} == {"Assemblée nationale du Niger"}  # only the leads asked for
    filled = next(r for r in rows if r["activity"] == f"A-{niger.seq:03d}")
    filled.update({"date": "2025-02-20", "by": "Commission des lois", "text": "Premier examen en commission.",
                   "status": "en cours", "progress": "20"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "niger.csv").write_text(out.getvalue(), encoding="utf-8")
    status, _, err = run_cli("followup", "import", tmp_path / "niger.csv", db=demo)
    assert status == 0 and "1 added" in err
    with Store.open(demo) as again:
        assert (FollowUp(again).activity(niger.id).status, FollowUp(again).activity(niger.id).progress) == \
            ("under way", 20)

    # the monitoring report in the three formats, read back
    for fmt in ("md", "docx", "html"):
        status, _, _ = run_cli("followup", "export", "-o", tmp_path / f"a.{fmt}", "--as-of", "2025-03-11", db=demo)
        assert status == 0 and (tmp_path / f"a.{fmt}").stat().st_size > 5000
    report = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "Table drafted for four of the five countries." in report and "Premier examen en commission." in report
    before_import = db_fingerprint(demo)
    status, _, err = run_cli("import", tmp_path / "a.md", db=demo)
    assert status == 0 and "nothing new" in err and db_fingerprint(demo) == before_import

    # a second member of staff works on a copy and hears from another partner
    other = tmp_path / "staff-b.db"
    shutil.copyfile(demo, other)
    status, _, _ = run_cli("followup", "update", f"A-{niger.seq:03d}", "Vote planned for the April session.",
                           "--date", "2025-03-01", "--by", "Clerk of the Assembly", "--progress", "40", db=other)
    assert status == 0
    run_cli("followup", "update", f"A-{first.seq:03d}", "Fifth country's laws received.", "--date", "2025-03-05",
            "--by", "IPU", "--progress", "80", db=demo)
    run_cli("followup", "export", "-o", tmp_path / "a.md", "--as-of", "2025-03-11", "--force", db=demo)
    run_cli("followup", "export", "-o", tmp_path / "b.md", "--as-of", "2025-03-11", db=other)
    status, _, err = run_cli("merge", tmp_path / "a.md", tmp_path / "b.md", "-o", tmp_path / "merged.md", db=demo)
    assert status == 0 and "0 conflict(s)" in err
    merged = (tmp_path / "merged.md").read_text(encoding="utf-8")
    for text in ("Vote planned for the April session.", "Fifth country's laws received.",
                 "Table drafted for four of the five countries.", "Premier examen en commission."):
        assert merged.count(text) == 1, text
    assert merged.count("##### A-") == 9  # the seven of the sample and the two new ones, once each
    status, _, _ = run_cli("merge", tmp_path / "merged.md", tmp_path / "a.md", tmp_path / "b.md", "-o", tmp_path / "again.md",
                           db=demo)
    assert (tmp_path / "again.md").read_text(encoding="utf-8") == merged
