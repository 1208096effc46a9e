#!/usr/bin/env python3
"""Regenerate the README's pictures from the app itself: ``python3 dev.py pictures``.

Opens the real app, headless at 80x24, on the sample panel (``facilitator demo``'s database,
made afresh in a temporary folder), and takes Textual's SVG screenshots of

- ``capture.png``: the capture screen on a question, the rapporteur typing;
- ``review.png``: the review of the question left without themes, with suggested clusters;
- ``summary.png``: the export screen's preview of the session's summary;
- ``followup.png``, ``followup-evidence.png``, ``followup-update.png``: the follow-up of the
  sample's activities as of 11 March 2025 (the date of its monitoring report): the timeline, the
  recommendation and its evidence, an update being typed;
- ``monitoring.png``: the monitoring report's screen, its preview at the first recommendation
  followed up;
- ``outcome.png``: the first page of the outcome document staff send (``facilitator export
  --form outcome`` as Word, printed to PDF by LibreOffice, the page by pdftoppm; needs
  ``libreoffice`` and ``poppler-utils``: ``apt install libreoffice-writer-nogui poppler-utils``).

Each SVG is turned into a PNG with ``rsvg-convert`` (Debian/Ubuntu: ``apt install
librsvg2-bin``; macOS: ``brew install librsvg``) or, if that is missing, CairoSVG (``pip install
cairosvg``). Written to ``docs/pictures/`` (``--out DIR`` elsewhere; ``--svg`` keeps the SVGs).

Made to be re-run as the screens change: it drives the app through its navigation methods and
falls back to keys; a step that no longer works is reported and skipped, and the picture is
taken anyway, so a changed screen never stops the others. Times are shown as in the room
(Manama, UTC+3).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (80, 24)
OUT = ROOT / "docs" / "pictures"
ZOOM = 0.75  # Textual draws a cell about 12 px wide: 80 columns make a ~740 px wide picture
problems: list[str] = []


def note(step: str, exc: BaseException | str) -> None:
    problems.append(f"{step}: {exc}")
    print(f"pictures: {step} did not work ({exc}); the picture is taken as the screen is", file=sys.stderr)


async def wait_for(pilot, done, timeout: float) -> bool:
    end = time.monotonic() + timeout
    await pilot.pause()
    while time.monotonic() < end:
        try:
            if done():
                return True
        except Exception:  # noqa: BLE001 - a screen that changed shape: keep waiting, then give up
            pass
        await pilot.pause(0.1)
    return False


async def attempt(step: str, *ways) -> bool:
    """Try each way (a callable, possibly async) in turn until one works."""
    last: BaseException | str = "nothing to try"
    for way in ways:
        try:
            result = way()
            if asyncio.iscoroutine(result):
                result = await result
            if result is not False:
                return True
        except Exception as exc:  # noqa: BLE001
            last = exc
    note(step, last)
    return False


def shot(app, name: str, svgs: dict) -> None:
    svgs[name] = app.export_screenshot(title="facilitator")


async def take(db: Path, session_id: str, svgs: dict) -> None:
    from facilitator.core.store import Store
    from facilitator.tui.app import FacilitatorApp

    store = Store.open(db)
    try:
        q13 = store.question_id(session_id, 13)
        app = FacilitatorApp(store=store, session_id=session_id)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await wait_for(pilot, lambda: getattr(app.screen, "session_id", None) == session_id, 10)

            # 1. capture: question 3 (English, French and Arabic in view), a speaker picked, typing
            screen = app.screen
            for _ in range(2):
                await attempt("go to the next question", lambda: screen.action_next_question(),
                              lambda: pilot.press("f6"))
                await pilot.pause()

            async def pick():
                await pilot.press("ctrl+o")
                await pilot.pause()
                await pilot.press(*"kadi")
                await pilot.pause()
                await pilot.press("enter")
                await pilot.pause()
                return getattr(app.screen, "speaker_id", True) is not None

            await attempt("pick a speaker", pick)

            def typing():
                from textual.widgets import TextArea

                box = app.focused if isinstance(app.focused, TextArea) else app.screen.query(TextArea).first()
                box.insert("Les victimes civiles doivent être indemnisées sans attendre")

            await attempt("type in the composer", typing)
            await pilot.pause(0.3)
            shot(app, "capture", svgs)

            # 2. review of Q13 with suggested clusters
            await attempt("open the review", lambda: app.open_review(session_id, q13))
            await pilot.pause()
            await attempt("ask for suggestions", lambda: app.screen.action_suggest(), lambda: pilot.press("g"))
            if not await wait_for(pilot, lambda: getattr(app.screen, "proposal", None) is not None, 180):
                note("wait for the suggestions", "none came within 3 minutes")
            await pilot.pause(0.5)
            shot(app, "review", svgs)

            # 3. the summary, as the export screen previews it, at the first recommendations
            await attempt("leave the review", lambda: app.pop_screen())
            await attempt("open the export", lambda: app.open_export(session_id))
            if not await wait_for(pilot, lambda: getattr(app.screen, "preview_text", None), 60):
                note("wait for the summary", "not ready within a minute")
            await pilot.pause(0.5)

            def to_recommendations():
                from facilitator.tui.preview import MarkdownPreview

                preview = app.screen.query(MarkdownPreview).first()
                for y, line in enumerate(preview.plain.split("\n")):
                    if line.strip().startswith(("Recommendations", "Draft recommendations")):
                        preview.scroll_to(y=max(0, y - 1), animate=False)
                        return True
                return False

            def relative_path():  # the file box shows where the summary would go: exports/...
                from textual.widgets import Input

                box = app.screen.query(Input).first()
                box.value = os.path.relpath(box.value)
                box.cursor_position = 0

            await attempt("show the file name relative to the current folder", relative_path)

            await attempt("scroll to the recommendations", to_recommendations)
            await pilot.pause(0.5)
            shot(app, "summary", svgs)

            # 4. the follow-up, as of the sample's monitoring report: overdue and stalled first
            await attempt("leave the export", lambda: app.pop_screen())
            import datetime as dt

            app.clock = lambda: dt.datetime(2025, 3, 11, 9, 0, tzinfo=dt.timezone.utc)
            await attempt("open the follow-up", lambda: app.open_followup())
            await wait_for(pilot, lambda: type(app.screen).__name__ == "FollowUpScreen", 10)
            await pilot.pause(0.5)
            shot(app, "followup", svgs)

            # 5. the recommendation and its evidence, one key away
            await attempt("show the evidence", lambda: app.screen.action_evidence(), lambda: pilot.press("r"))
            await pilot.pause(0.5)
            shot(app, "followup-evidence", svgs)

            # 6. an update in a few keys: u, what happened, tab, the status
            await attempt("back to the timeline", lambda: app.screen.action_evidence(), lambda: pilot.press("r"))

            async def update():
                await pilot.press("u")  # on the first: stalled, and overdue
                await pilot.pause()
                from textual.widgets import TextArea

                app.screen.query_one("#ff-text", TextArea).insert(
                    "Le ministère a transmis le premier rapport trimestriel ; audition fixée au 3 avril.")
                await pilot.press("tab")
                await pilot.press(*"under")
                await pilot.press("right", "tab", "3", "0", "tab")
                await pilot.press(*"Defence committee")
                await pilot.pause(0.3)

            await attempt("type an update", update)
            shot(app, "followup-update", svgs)
            await attempt("close the form", lambda: pilot.press("escape"))
            await pilot.pause()

            # 7. the monitoring report, as its screen previews it, at the first activity
            await attempt("open the monitoring report", lambda: app.open_monitoring_export())
            if not await wait_for(pilot, lambda: getattr(app.screen, "text", None), 60):
                note("wait for the report", "not ready within a minute")
            await pilot.pause(0.5)
            def relative_report_path():
                from textual.widgets import Input

                box = app.screen.query_one("#monitoring-path", Input)
                box.value = os.path.relpath(box.value)
                box.cursor_position = 0

            await attempt("show the file name relative to the current folder", relative_report_path)

            def to_activity():
                from textual.widgets import Markdown

                preview = app.screen.query(Markdown).first()
                for block in preview.query("*"):
                    if type(block).__name__ == "MarkdownH4":
                        block.scroll_visible(top=True, animate=False)
                        return True
                return False

            await attempt("scroll to the first recommendation followed up", to_activity)
            await pilot.pause(0.5)
            shot(app, "monitoring", svgs)
    finally:
        store.close()


def to_png(svg: str, png: Path) -> None:
    src = png.with_suffix(".svg")
    src.write_text(svg, encoding="utf-8")
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", "--zoom", str(ZOOM), "--format", "png", "--output", str(png), str(src)],
                       check=True)
    else:
        try:
            import cairosvg
        except ImportError:
            raise SystemExit("pictures: needs rsvg-convert (apt install librsvg2-bin) or CairoSVG (pip install cairosvg)") from None
        cairosvg.svg2png(url=str(src), write_to=str(png), scale=ZOOM)
    shrink(png)


def shrink(png: Path) -> None:
    """Fewer colours (a screen has few): about a quarter of the size, the text as sharp. With
    pngquant (apt install pngquant) if it is there, else Pillow if it is installed, else as is."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--quality", "60-90", "--speed", "1", "--strip",
                        "--output", str(png), str(png)], check=True)
        return
    try:
        from PIL import Image
    except ImportError:
        print(f"pictures: {png.name} left at full size (install pngquant or Pillow to make it smaller)", file=sys.stderr)
        return
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(png, optimize=True)


def outcome_page(db: Path, session_id: str, png: Path, lang: str | None = None) -> None:
    """The first page of the session's outcome document, as Word opens it: the .docx made by
    the export, printed to PDF by LibreOffice (headless), the page made a PNG by pdftoppm."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        note("outcome page", "needs libreoffice and pdftoppm (apt install libreoffice-writer-nogui poppler-utils)")
        return
    from facilitator.core.export import export_document
    from facilitator.core.store import Store

    with tempfile.TemporaryDirectory(prefix="facilitator-page-") as tmp:
        docx = Path(tmp) / "outcome.docx"
        with Store.open(db, create=False, write=False) as store:
            docx.write_bytes(export_document(store, session_id, "docx", form="outcome", lang=lang))
        env = {**os.environ, "HOME": tmp}  # LibreOffice's profile goes there, not in the user's home
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)], check=True,
                       capture_output=True, env=env, timeout=300)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(docx.with_suffix(".pdf")),
                        str(Path(tmp) / "page")], check=True)
        shutil.copyfile(Path(tmp) / "page.png", png)
    shrink(png)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the README's pictures from the app.")
    parser.add_argument("--out", default=str(OUT), metavar="DIR", help=f"where the PNGs go (default: {OUT.relative_to(ROOT)})")
    parser.add_argument("--svg", action="store_true", help="keep the SVG screenshots beside the PNGs")
    args = parser.parse_args(argv)
    os.environ["TZ"] = "AST-3"  # times as in the room, Manama (UTC+3)
    time.tzset()
    os.environ.setdefault("FACILITATOR_EMBED", "off")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from facilitator.cli.cmd_demo import open_demo

    svgs: dict[str, str] = {}
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="facilitator-pictures-") as tmp:
        store, session = open_demo(Path(tmp) / "demo.db")
        store.close()
        (Path(tmp) / "exports").mkdir()
        os.chdir(tmp)  # summaries would go to exports/ here (nothing is written)
        try:
            asyncio.run(take(Path(tmp) / "demo.db", session.id, svgs))
        finally:
            os.chdir(here)
        try:
            outcome_page(Path(tmp) / "demo.db", session.id, out / "outcome.png")
            print(f"wrote {out / 'outcome.png'}", file=sys.stderr)
        except (OSError, subprocess.SubprocessError) as exc:
            note("outcome page", exc)
    for name, svg in svgs.items():
        png = out / f"{name}.png"
        to_png(svg, png)
        if not args.svg:
            png.with_suffix(".svg").unlink()
        print(f"wrote {png} ({png.stat().st_size // 1024} KB)", file=sys.stderr)
    if problems:
        print("pictures: some steps did not work (the screens may have changed):\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
