"""The follow-up tests' data: the sample panel's record imported once (its 7 agreed
recommendations, no activity yet), then copied for each test, and a few activities with a
timeline on top of it."""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from facilitator.core.followup.model import ActivityIn, ActorIn, UpdateIn
from facilitator.core.followup.store import FollowUp
from facilitator.core.store import Store

AS_OF = dt.date(2024, 6, 30)
_TEMPLATE: list[Path] = []


def sample_db(target: Path) -> Store:
    """A database at ``target`` holding the sample panel (made once, then copied)."""
    if not _TEMPLATE:
        from facilitator import samples
        from facilitator.core.importer import import_file

        folder = tempfile.mkdtemp(prefix="facilitator-followup-")
        atexit.register(shutil.rmtree, folder, True)
        path = Path(folder) / "sample.db"
        with Store.open(path) as store:
            import_file(store, samples.path(samples.RECORD))  # the record only: no follow-up yet
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _TEMPLATE.append(path)
    shutil.copyfile(_TEMPLATE[0], target)
    return Store.open(target)


def rec_id(store: Store, ref: str = "R-001") -> str:
    return FollowUp(store).resolve_recommendation(ref)


def two_activities(store: Store) -> tuple[str, str]:
    """R-001 (Security, human lens) as two activities: hearings in the regions (under way, then
    stalled, overdue on AS_OF; its recommendation's area and lens) and a report back to the
    communities (planned; a lens of its own, regional, written in French)."""
    f = FollowUp(store)
    rid = rec_id(store)
    a1 = f.add_activity(ActivityIn(
        recommendation_id=rid, title="Hold public hearings in Tillabéri and Gao",
        lead=ActorIn(name="National Assembly of Niger", kind="parliament"),
        partners=[ActorIn(name="UNODC"), ActorIn(name="Hon. Aminata Diallo", kind="person")],
        start=dt.date(2023, 9, 1), due=dt.date(2024, 3, 31)))  # its recommendation's area and lens
    a2 = f.add_activity(ActivityIn(recommendation_id=rid, title="Report back to the communities heard",
                                   lead=ActorIn(name="IPU"), due=dt.date(2024, 12, 31), lens="régionale"))
    f.add_update(UpdateIn(activity_id=a1, date=dt.date(2023, 10, 2), author="Clerk of the National Assembly",
                          text="First hearing held in Tillabéri; 120 people came.\nA second is planned.",
                          source="Hansard no. 12", status="under way", progress=30), today=AS_OF)
    f.add_update(UpdateIn(activity_id=a1, date=dt.date(2024, 1, 10), author="Hon. Aminata Diallo",
                          text="Security prevented the Gao hearing.", status="stalled"), today=AS_OF)
    return a1, a2
