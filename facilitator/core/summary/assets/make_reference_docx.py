"""Make ``reference.docx``, the styles pandoc gives a Word export (run by hand, needs python-docx).

    python facilitator/core/summary/assets/make_reference_docx.py

Starts from pandoc's own reference document (``pandoc --print-default-data-file
reference.docx``) and sets what makes it read like a report: one sans-serif font (with a font
for Arabic), a large title, numbered-report headings in one dark blue, room between
paragraphs, A4 with 2.5 cm margins. The result is committed beside this script.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLUE = (0x1F, 0x3A, 0x5F)


def main() -> int:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    sys.path.insert(0, str(HERE.parents[3]))
    from facilitator.core.summary.formats import find_pandoc

    pandoc = find_pandoc()
    if pandoc is None:
        print("pandoc is needed: pip install pypandoc-binary", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.docx"
        base.write_bytes(subprocess.run([pandoc, "--print-default-data-file", "reference.docx"], check=True,
                                        capture_output=True).stdout)
        d = docx.Document(str(base))

    def font(style, size=None, bold=None, italic=None, color=None, name="Calibri"):
        f = style.font
        f.name = name
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for key in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(key), name)
        fonts.set(qn("w:cs"), "Arial")  # Arabic and other complex scripts
        if size:
            f.size = Pt(size)
            f.complex_script = True
        if bold is not None:
            f.bold = bold
        if italic is not None:
            f.italic = italic
        if color:
            f.color.rgb = RGBColor(*color)

    styles = d.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        font(styles[name], 11)
    for name in ("Body Text", "First Paragraph"):
        pf = styles[name].paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.15
    pf = styles["Compact"].paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(4), 1.1
    font(styles["Title"], 24, bold=True, color=BLUE)
    for name, size in (("Heading 1", 20), ("Heading 2", 15), ("Heading 3", 12.5), ("Heading 4", 11)):
        font(styles[name], size, bold=True, italic=False, color=BLUE)
        pf = styles[name].paragraph_format
        pf.space_before, pf.space_after, pf.keep_with_next = Pt(14 if size > 12 else 10), Pt(4), True
    for section in d.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
    d.core_properties.author = "facilitator"
    d.core_properties.title = ""
    out = HERE / "reference.docx"
    d.save(str(out))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
