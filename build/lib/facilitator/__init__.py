"""facilitator: capture, cluster and report what is said at a panel, offline, in a terminal."""

__version__ = "0.1.0"
