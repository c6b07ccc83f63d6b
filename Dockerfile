FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
# The same scripts CI runs in its production smoke test (tests/browser/test_production_stack.py).
RUN scripts/build-static.sh \
    && useradd --system --home /app newsroom \
    && mkdir -p /app/media /srv/static && chown newsroom /app/media /srv/static
USER newsroom

EXPOSE 8000
# The compose stack runs scripts/release.sh (static files to the proxy, migrations) first.
CMD ["scripts/web.sh"]
