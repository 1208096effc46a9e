"""A Markdown view in which Arabic reads right to left: the previews of the export and the merge.

Textual's ``Markdown`` draws each paragraph, heading and table cell as it is stored. Here a block
whose text holds Arabic is drawn through :class:`~facilitator.tui.plain.Paragraph` instead
(wrapped at the width it is drawn at, shaped, reordered, flush right when the paragraph is
Arabic), without its inline styles (bold, italics) while the Arabic display is on; a block of
Latin text is Textual's, unchanged. The view follows the app's Arabic display as it changes.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from facilitator.tui.bidi import has_rtl
from facilitator.tui.plain import Paragraph, follow

# the blocks whose text is drawn here when it holds Arabic (Textual's classes for them are not
# public: they are reached through ``Markdown.BLOCKS``)
_TEXT_BLOCKS = ("paragraph_open", "h1", "h2", "h3", "h4", "h5", "h6")


def _readable(base: type[MarkdownBlock]) -> type[MarkdownBlock]:
    """``base`` (a paragraph or heading block) drawing a text that holds Arabic readably."""

    def set_content(self: MarkdownBlock, content: Content) -> None:
        base.set_content(self, content)
        if has_rtl(content.plain):
            self.update(Paragraph(content.plain))

    return type(f"Readable{base.__name__}", (base,), {"set_content": set_content, "__module__": __name__})


class ReadableMarkdown(Markdown):
    """``Markdown`` with Arabic paragraphs and headings readable (see the module's docstring)."""

    BLOCKS = {**Markdown.BLOCKS, **{name: _readable(Markdown.BLOCKS[name]) for name in _TEXT_BLOCKS}}

    def on_mount(self) -> None:
        follow(self, self._redraw)

    def _redraw(self) -> None:
        for block in self.query(MarkdownBlock):
            block.refresh(layout=True)
