"""After the Summit: recommendations become activities that parliaments follow up.

An agreed recommendation becomes one or more **activities**, each with a lead (a parliament, an
organization or a person), partners, a start and a due date, a status from a short list the
user can extend (planned, under way, stalled, done, dropped) and a progress figure; a
**timeline** of dated updates says who said what, when, with an optional source, and may
change the status and the progress. Every earlier state is kept.

The pieces:

- :mod:`.model`: what enters (pydantic ``*In`` models, every input checked) and what comes out
  (plain dataclasses);
- :mod:`.store`: the one module that writes the follow-up tables (``activity``,
  ``activity_update``, ``followup_status``, ``followup_revision``), and reads them (what the
  forms type is a draft of its window, as everywhere: ``core/drafts.py``);
- :mod:`.words`: the fixed words of the screen and the report in English, French and Arabic;
- :mod:`.actors`: leads and partners as people write them (``UNODC; person: Hon. X``);
- :mod:`.bulk`: updates that partners send back as CSV or JSON Lines (all or nothing);
- :mod:`.report`: the monitoring report as data, Markdown, and read back; :mod:`.merging`
  several staff's reports into one; :mod:`.todb` a report into the database;
  :mod:`.document` Word and HTML through the summaries' path.

Nothing here imports Textual.
"""
