#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # A command typed by a developer gets the development settings unless DEBUG says
    # otherwise; servers (wsgi/asgi) and DEBUG=0 get production, which refuses to start
    # half-configured. The compose stack sets DEBUG=0 for its migrate step.
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.auto")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
