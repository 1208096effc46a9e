"""The Textual app: a thin layer of screens over :mod:`facilitator.core`."""
