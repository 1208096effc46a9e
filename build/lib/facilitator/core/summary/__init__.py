"""Markdown summaries: the document model, its Markdown form, and reading it back.

The pieces:

- :mod:`.model` -- the summary as plain data (:class:`~.model.Doc`), shared by export, import
  and merge.
- :mod:`.text` -- escaping user text so it renders as itself and never breaks the structure.
- :mod:`.render` -- ``Doc`` -> Markdown (deterministic: the same ``Doc`` gives the same bytes).
- :mod:`.parse` -- Markdown -> ``Doc`` with markdown-it-py, so what renders is what is read.
- :mod:`.fromdb` / :mod:`.todb` -- a session in the store <-> ``Doc``.
- :mod:`.merging` -- many ``Doc`` -> one.

The format is described for people in ``exports/README.md``. Nothing here imports Textual;
the public entry points are :mod:`facilitator.core.export`, :mod:`facilitator.core.importer`
and :mod:`facilitator.core.merge`.
"""
