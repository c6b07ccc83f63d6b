"""``make drill``: faults and load against gunicorn, PostgreSQL and Redis on 127.0.0.1."""
