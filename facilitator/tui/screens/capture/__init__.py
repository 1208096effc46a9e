"""Live capture: the rapporteur's screen (see :mod:`.screen`)."""

from .screen import CaptureScreen

__all__ = ["CaptureScreen"]
