"""The sans-IO core shared by :class:`relance_client.Relance` and
:class:`relance_client.AsyncRelance`: request descriptions, the retry loop as a generator of I/O
steps, answer parsing and paging. Nothing here sends a byte; the drivers do."""
