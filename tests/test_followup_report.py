"""The monitoring report: deterministic, clean CommonMark in three languages, named and anonymous,
read back, imported (also after hand edits), merged from several staff's files without loss or
duplicates, and written as Word and HTML through the summaries' path."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.followup.document import merge_report_files, monitoring_document, monitoring_markdown
from facilitator.core.followup.model import ActivityIn, ActorIn, UpdateIn
from facilitator.core.followup.parse import ReportError, parse_report
from facilitator.core.followup.render import render
from facilitator.core.followup.report import from_db
from facilitator.core.followup.store import FollowUp
from facilitator.core.followup.todb import import_report
from facilitator.core.store import Store
from tests.conftest import db_fingerprint
from tests.followup_data import AS_OF, rec_id, sample_db, two_activities
from tests.test_export import lint


@pytest.fixture
def staff(tmp_path):
    store = sample_db(tmp_path / "staff-a.db")
    two_activities(store)
    yield store
    store.close()


def report(store, **options) -> str:
    return monitoring_markdown(store, as_of=AS_OF, **options)


def test_the_report_says_what_was_recommended_what_is_done_by_whom_how_far_what_is_overdue(staff):
    text = report(staff)
    at_glance, rest = text.split("## Needs attention", 1)
    assert "- Overdue: 1 (A-001)" in at_glance and "- By status: planned 1 · stalled 1" in at_glance
    assert "- Security · human: 1 activity, 30 % on average" in at_glance
    assert "- Security · regional: 1 activity, 0 % on average" in at_glance
    assert rest.index("**A-001 · stalled · 30 %** Hold public hearings") < rest.index("## Security")
    assert rest.index("### Security · lens: human") < rest.index("### Security · lens: regional")
    assert "- Lens: regional" in rest and "- Lens: human" not in rest  # only its own lens is a field
    assert "overdue by 91 days" in rest
    assert "Parliaments of the Sahel hold regular public hearings on security outside the capital" in rest
    assert "rests on 5 contributions: Q1-002, Q1-003, Q1-006, Q1-007, Q1-008" in rest
    assert "- Lead: National Assembly of Niger (parliament)" in rest
    assert "- Partners: UNODC (organization); Hon. Aminata Diallo (person)" in rest
    assert "**2023-10-02 · Clerk of the National Assembly · under way · 30 %** First hearing held" in rest
    assert "*— source: Hansard no. 12*" in rest
    assert "## Agreed, without an activity yet" in rest and "**R-003**" in rest
    assert lint(text) == []


@pytest.mark.parametrize("lang, words", [
    ("fr", ["# Suivi des recommandations", "## À suivre de près", "- Responsable: National Assembly of Niger (parlement)",
            "**A-001 · bloquée · 30 %**", "en retard de 91 jours"]),
    ("ar", ["# متابعة التوصيات", "## يحتاج إلى متابعة", "- الجهة المسؤولة: National Assembly of Niger (برلمان)",
            "**A-001 · متعثرة · 30 %**", "متأخر 91 يومًا"]),
])
def test_the_report_in_french_and_arabic(staff, lang, words):
    from facilitator.core.summary.words import strip_isolates

    text = report(staff, lang=lang)
    for expected in words:  # (an Arabic report isolates dates, references and user text: staff QA finding 7)
        assert expected in strip_isolates(text)
    assert lint(text) == []
    assert render(parse_report(text, "r.md")) == text  # read back whatever its language


def test_same_data_same_bytes_in_every_format(staff, tmp_path):
    for fmt in ("md", "docx", "html"):
        first = monitoring_document(staff, fmt, as_of=AS_OF)
        assert monitoring_document(staff, fmt, as_of=AS_OF) == first
    # the same data in another database (by way of the report) gives the same bytes
    other = sample_db(tmp_path / "other.db")
    import_report(other, parse_report(report(staff), "r.md"), "r.md", today=AS_OF)
    assert report(other) == report(staff)
    assert monitoring_document(other, "docx", as_of=AS_OF) == monitoring_document(staff, "docx", as_of=AS_OF)
    other.close()


def test_word_and_html_come_from_the_same_markdown_without_ids(staff):
    import io
    import re

    import docx

    html = monitoring_document(staff, "html", as_of=AS_OF).decode("utf-8")
    assert "<!-- facilitator:" not in html and "<h5" in html and "Hold public hearings" in html
    document = docx.Document(io.BytesIO(monitoring_document(staff, "docx", as_of=AS_OF)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Follow-up of the recommendations"
    assert "Lead: National Assembly of Niger (parliament)" in paragraphs
    assert not any(re.search(r"[0-9a-z]{26}", p) for p in paragraphs)
    arabic = monitoring_document(staff, "html", as_of=AS_OF, lang="ar").decode("utf-8")
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic


def test_the_anonymous_report_names_no_person_in_any_format(staff):
    f = FollowUp(staff)
    a1 = f.resolve("A-001")
    f.add_update(UpdateIn(activity_id=a1, date=dt.date(2024, 2, 1), author="UNODC",
                          text="Hon. Diallo and Mr. Abdoul Razak Maïga met the committee."), today=AS_OF)
    named = report(staff)
    anonymous = report(staff, anonymous=True)
    assert "Aminata Diallo" in named and "Maïga" in named
    for name in ("Aminata", "Diallo", "Maïga", "Abdoul"):
        assert name not in anonymous
    assert "\\[name withheld\\] (person)" in anonymous
    assert "National Assembly of Niger (parliament)" in anonymous and "UNODC" in anonymous
    for fmt in ("docx", "html"):
        data = monitoring_document(staff, fmt, as_of=AS_OF, anonymous=True)
        from facilitator.core.summary.formats import document_text

        assert not any("Diallo" in line or "Maïga" in line for line in document_text(data, fmt))
    assert lint(anonymous) == []
    # read back, an anonymous report changes no name in the database
    before = db_fingerprint(staff.path)
    result = import_report(staff, parse_report(anonymous, "anon.md"), "anon.md", today=AS_OF)
    assert not result.changed, result.summary()
    assert db_fingerprint(staff.path) == before


def test_a_name_left_in_the_anonymous_document_is_refused(staff):
    from facilitator.core.summary.formats import NamesLeft
    from facilitator.core.followup.document import report_bytes

    rep = from_db(staff, as_of=AS_OF)
    text = render(rep, anonymous=True).replace("Security prevented", "Aminata Diallo said security prevented")
    with pytest.raises(NamesLeft, match="Diallo"):
        report_bytes(rep, text, "md", anonymous=True, where="x.md")


def test_import_twice_changes_nothing_and_hand_edits_are_applied_with_history(staff, tmp_path):
    text = report(staff)
    before = db_fingerprint(staff.path)
    assert not import_report(staff, parse_report(text, "r.md"), "r.md", today=AS_OF).changed
    assert db_fingerprint(staff.path) == before
    edited = (text
              .replace("##### A-002 · planned · 0 %: Report back", "##### A-002 · en cours · 20 %: Report back")
              .replace("Security prevented the Gao hearing.", "Insecurity prevented the Gao hearing.")
              .replace("- Due: 2024-12-31 (due in 184 days)", "- Due: 2025-01-31")
              .replace("*No updates yet.*", "- **2024-06-20 · IPU** Questionnaire sent to the ten communes.")
              .replace("## Agreed, without an activity yet",
                       "##### Train the clerks of the regional councils\n\n- Lead: IPU\n\nTimeline:\n\n"
                       "## Agreed, without an activity yet"))
    assert lint(edited) == []
    result = import_report(staff, parse_report(edited, "edited.md"), "edited.md", today=AS_OF)
    assert (result.activities_added, result.activities_changed, result.updates_added, result.updates_changed) == \
        (1, 1, 2, 1), result.summary()
    f = FollowUp(staff)
    a2 = f.activity(f.resolve("A-002"))
    assert (a2.status, a2.progress, a2.due) == ("under way", 20, "2025-01-31")
    assert {u.source for u in f.updates(a2.id)} == {None, "edited.md"}  # the heading's edit, said where it came from
    a1 = f.resolve("A-001")
    changed = [u for u in f.updates(a1) if u.text.startswith("Insecurity")]
    assert changed and f.history("update", changed[0].id)[0].state["text"] == "Security prevented the Gao hearing."
    new = [a for a in f.activities() if a.title == "Train the clerks of the regional councils"]
    assert new and new[0].lead == "IPU" and new[0].rec_ref == "R-001"
    again = db_fingerprint(staff.path)
    assert not import_report(staff, parse_report(edited, "edited.md"), "edited.md", today=AS_OF).changed
    assert db_fingerprint(staff.path) == again


def test_an_older_file_does_not_undo_a_later_change_in_the_database(staff):
    text = report(staff)
    f = FollowUp(staff)
    f.change_activity(f.resolve("A-002"), due=dt.date(2025, 6, 30))
    stale = text.replace("- Lead: IPU (organization)", "- Lead: IPU (organization)\n- Due: 2024-10-01")
    result = import_report(staff, parse_report(stale, "old.md"), "old.md", today=AS_OF)
    assert f.activity(f.resolve("A-002")).due == "2025-06-30"
    assert any("changed this activity after the file was written" in w for w in result.warnings)


def test_a_report_whose_recommendations_are_missing_is_refused(staff, tmp_path):
    empty = Store.open(tmp_path / "empty.db")
    before = db_fingerprint(empty.path)
    with pytest.raises(ReportError, match="R-001 of 'Mitigating the impact.*import that session's summary first"):
        import_report(empty, parse_report(report(staff), "r.md"), "r.md", today=AS_OF)
    assert db_fingerprint(empty.path) == before
    empty.close()


@pytest.mark.parametrize("damage, message", [
    (lambda t: t.replace("<!-- facilitator:end -->\n", ""), "truncated"),
    (lambda t: t.replace("<!-- facilitator:monitoring version=1 -->", "<!-- facilitator:monitoring version=9 -->"),
     "newer facilitator"),
    (lambda t: "# Notes\n\nSome text.\n", "not a monitoring report"),
    (lambda t: t.replace("A-001 · stalled · 30 %:", "A-001 · sleeping · 30 %:"), "unknown 'sleeping'"),
    (lambda t: t.replace("**2024-01-10 · Hon.", "**2024-13-10 · Hon."), "not a date"),
    (lambda t: t.replace(" -->\n\n- Lead: IPU", " -->\n\n- Lead: IPU").replace(
        "<!-- facilitator:update id=", "<!-- facilitator:update id=x", 1), "damaged update id"),
])
def test_a_damaged_report_is_refused_with_its_line(staff, damage, message):
    with pytest.raises(ReportError, match=message) as caught:
        parse_report(damage(report(staff)), "r.md")
    assert caught.value.path == "r.md"


def test_an_update_pasted_twice_with_its_comment_is_refused(staff):
    text = report(staff)
    start = text.index("- <!-- facilitator:update")
    end = text.index("\n- <!-- facilitator:update", start + 1)
    copy = text[start:end]
    with pytest.raises(ReportError, match="also on line"):
        parse_report(text.replace(copy, copy + "\n" + copy, 1), "r.md")


# --- several staff ---------------------------------------------------------------------------


def _two_staff(staff, tmp_path):
    """Staff A and staff B work on copies of one database and hear from different partners."""
    staff.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(staff.path, tmp_path / "staff-b.db")
    b = Store.open(tmp_path / "staff-b.db")
    fa, fb = FollowUp(staff), FollowUp(b)
    fa.add_update(UpdateIn(activity_id=fa.resolve("A-002"), date=dt.date(2024, 5, 1), author="IPU",
                           text="Questionnaire drafted.", progress=20), today=AS_OF)
    fb.add_update(UpdateIn(activity_id=fb.resolve("A-001"), date=dt.date(2024, 5, 2), author="UNODC",
                           text="Security escort agreed for Gao.", status="under way"), today=AS_OF)
    fb.add_activity(ActivityIn(recommendation_id=rec_id(b, "R-006"), title="Quarterly civilian-harm reports",
                               lead=ActorIn(name="Defence committee, Parliament of Chad", kind="parliament")))
    (tmp_path / "a.md").write_text(report(staff), encoding="utf-8")
    (tmp_path / "b.md").write_text(report(b), encoding="utf-8")
    return b


def test_two_staff_files_merge_without_loss_or_duplicates(staff, tmp_path):
    b = _two_staff(staff, tmp_path)
    text, conflicts, merged = merge_report_files([tmp_path / "a.md", tmp_path / "b.md"])
    assert conflicts == []
    assert text.count("Questionnaire drafted.") == 1 and text.count("Security escort agreed for Gao.") == 1
    assert text.count("First hearing held in Tillabéri") == 1
    assert [a.title for a in merged.activities].count("Hold public hearings in Tillabéri and Gao") == 1
    assert len(merged.activities) == 3 and sum(len(a.updates) for a in merged.activities) == 4
    assert "##### A-001 · under way · 30 %" in text  # B's later update is the timeline's latest
    assert lint(text) == []
    (tmp_path / "merged.md").write_text(text, encoding="utf-8")
    # merging again, with itself or with an input, adds nothing
    assert merge_report_files([tmp_path / "merged.md", tmp_path / "a.md", tmp_path / "b.md"])[0] == text
    assert merge_report_files([tmp_path / "merged.md"])[0] == text
    # imported into each staff's database, both hold everything once
    for store in (staff, b):
        import_report(store, parse_report(text, "merged.md"), "merged.md", today=AS_OF)
        assert len(FollowUp(store).activities()) == 3
        assert sum(a.update_count for a in FollowUp(store).activities()) == 4
    assert report(staff) == report(b)
    b.close()


def test_a_conflict_keeps_the_later_change_and_says_so(staff, tmp_path):
    b = _two_staff(staff, tmp_path)
    fa, fb = FollowUp(staff), FollowUp(b)
    fa.change_activity(fa.resolve("A-002"), due=dt.date(2025, 3, 31))
    fb.change_activity(fb.resolve("A-002"), due=dt.date(2025, 6, 30))  # later
    (tmp_path / "a.md").write_text(report(staff), encoding="utf-8")
    (tmp_path / "b.md").write_text(report(b), encoding="utf-8")
    text, conflicts, _merged = merge_report_files([tmp_path / "a.md", tmp_path / "b.md"])
    assert len(conflicts) == 1 and "A-002" in str(conflicts[0])
    assert "- Due: 2025-06-30" in text and "- Due: 2025-03-31" not in text
    assert "⚠ conflict: a.md gives due 2025-03-31" in text
    assert lint(text) == []
    b.close()


def test_the_same_number_given_to_two_activities_is_renumbered(staff, tmp_path):
    b = _two_staff(staff, tmp_path)
    FollowUp(staff).add_activity(ActivityIn(recommendation_id=rec_id(staff, "R-003"), title="Budget annex template"))
    (tmp_path / "a.md").write_text(report(staff), encoding="utf-8")
    text, _conflicts, merged = merge_report_files([tmp_path / "a.md", tmp_path / "b.md"])
    assert sorted(a.seq for a in merged.activities) == [1, 2, 3, 4]
    assert lint(text) == []
    b.close()


# --- hostile text ----------------------------------------------------------------------------

HOSTILE = ["#", "*", "**", "_", "`", "<!--", "-->", "<!-- facilitator:end -->", "&amp;", "\\", "1.", "- ", "> ",
           "[x](y)", "|", "·", " · ", ": ", "%", "—", "*— source: x*", "A-001", "R-001", "2024-01-01", "عربي", "🙂",
           "under way", "100 %", "(person)", "\n", "\t", "é", "Lead: x", "Timeline:"]
text_st = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_categories=("Cs",)), max_size=3)),
                   min_size=1, max_size=8).map("".join)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                                                   HealthCheck.function_scoped_fixture])
@given(title=text_st, lead=text_st, update=text_st, author=text_st, source=text_st, anonymous=st.booleans())
def test_any_text_comes_back_exactly(tmp_path_factory, title, lead, update, author, source, anonymous):
    from facilitator.core.errors import FacilitatorError
    from facilitator.core.followup.model import one_line
    from facilitator.core.followup.store import checked
    from facilitator.core.models import clean_text

    folder = tmp_path_factory.mktemp("hostile")
    store = sample_db(folder / "h.db")
    try:
        f = FollowUp(store)
        try:
            data = checked(ActivityIn, recommendation_id=rec_id(store), title=title,
                           lead={"name": lead, "kind": "organization"} if one_line(lead) else None)
            aid = f.add_activity(data)
            u = checked(UpdateIn, activity_id=aid, date=dt.date(2024, 1, 1), author=author, author_kind="organization",
                        text=update, source=source)
            f.add_update(u, today=AS_OF)
        except FacilitatorError:
            return  # refused with a message (a ';' in a name, nothing said): nothing to read back
        text = report(store, anonymous=anonymous)
        assert lint(text) == []
        back = parse_report(text, "h.md")
        assert render(back) == text
        [a] = back.activities
        assert a.title == one_line(clean_text(title)) or anonymous
        [b] = a.updates
        assert b.text == clean_text(update) or anonymous
        assert b.source == (one_line(source) or None) or anonymous
        other = sample_db(folder / "o.db")
        import_report(other, back, "h.md", today=AS_OF)
        assert report(other, anonymous=anonymous) == text
        other.close()
    finally:
        store.close()


# --- The walk over a report's blocks: each hand edit it tolerates (a warning) or refuses --------

_HAND_EDITS = [
    ("## Agreed, without", "## Education\n\n##### A new activity typed by hand\n\n- Lead: IPU\n\n## Agreed, without",
     ["87: an activity heading outside a recommendation was ignored"]),
    ("## Agreed, without", "#### R-099 · typed by hand\n\nSome text.\n\n##### Not read\n\n## Agreed, without",
     ["85: a recommendation heading without its hidden id: recommendations come from the summaries; the "
      "activities under it were not read", "89: an activity heading outside a recommendation was ignored"]),
    ("## Sessions", "<!-- facilitator:widget -->\n\n## Sessions",
     ["102: a 'widget' comment was not expected here; it was ignored"]),
]


@pytest.mark.parametrize("old, new, warnings", _HAND_EDITS)
def test_a_hand_edit_the_walk_tolerates_is_a_warning_at_its_line(staff, old, new, warnings):
    text = report(staff)
    parsed = parse_report(text.replace(old, new, 1), "r.md")
    assert parsed.warnings == [f"r.md:{w}" for w in warnings]
    assert [(a.seq, a.line) for a in parsed.activities] == [(1, 44), (2, 73)]


def test_activities_whose_recommendation_is_gone_are_kept_with_a_warning(staff):
    import re

    text = re.sub(r"<!-- facilitator:recommendation id=01gv8m56[^\n]*-->\n\n", "", report(staff))
    parsed = parse_report(text, "r.md")
    hand = ("a recommendation heading without its hidden id: recommendations come from the summaries; the "
            "activities under it were not read")
    assert parsed.warnings == [f"r.md:36: {hand}", f"r.md:63: {hand}", "r.md:42: activity A-001: its recommendation "
                               "is not in the file", "r.md:69: activity A-002: its recommendation is not in the file"]
    assert [(a.seq, a.line) for a in parsed.activities] == [(1, 42), (2, 69)]


@pytest.mark.parametrize("old, new, expected", [
    ("## Sessions", "<!-- facilitator:monitoring version=1 -->\n\n## Sessions",
     "102: a second '<!-- facilitator:monitoring -->' line (two files pasted together?)"),
    ("## Sessions", "<!-- facilitator:export version=1 -->\n\n## Sessions",
     "102: a summary's comment inside a monitoring report (two files pasted together?)"),
    ("\n##### A-002 · planned · 0 %: Report back to the communities heard\n", "",
     "73: an activity's comment must follow its heading (##### A-001 · ...)"),
])
def test_a_hand_edit_the_walk_refuses_names_its_line(staff, old, new, expected):
    text = report(staff)
    assert old in text
    with pytest.raises(ReportError) as caught:
        parse_report(text.replace(old, new, 1), "r.md")
    assert str(caught.value) == f"r.md:{expected}"
