FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
RUN DEBUG=1 python manage.py collectstatic --no-input \
    && useradd --system --home /app newsroom && mkdir -p /app/media && chown newsroom /app/media
USER newsroom

EXPOSE 8000
CMD ["gunicorn", "newsroom.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
