"""Settings modules: ``auto`` (the default) picks ``dev`` when DEBUG=1, else ``prod``.

``test`` is for pytest. The benchmark's settings are ``bench/settings.py`` and the
drill's ``drill/settings.py``, beside their tools; both build on ``base`` and ``prod``.
"""
