"""The benchmark (``make bench``, ``bench/run.py``) and the load harness it shares with
the drill (``bench/harness.py``)."""
