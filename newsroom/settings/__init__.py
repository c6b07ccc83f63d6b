"""Settings modules: ``auto`` (the default) picks ``dev`` when DEBUG=1, else ``prod``.

``test`` is for pytest, ``bench`` for the benchmark and the drill.
"""
