"""What marks a facilitator database, without importing the migration machinery.

Kept apart from ``schema.py`` so that opening an up-to-date database (every start-up) reads two
header fields and never imports sqlite-utils (and numpy, which sqlite-utils pulls in).
"""

APPLICATION_ID = 0x46434C54  # "FCLT"
SCHEMA_VERSION = 12  # bump with every new migration in schema.py
