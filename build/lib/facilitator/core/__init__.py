"""The core: models, store, agenda files and the rest, with no UI in it.

Import the submodules directly (``from facilitator.core.store import Store``); nothing heavy is
imported here, so start-up stays fast.
"""
