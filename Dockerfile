# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SIGNPOST_VAR_DIR=/app/var

WORKDIR /app
COPY requirements-pip.txt requirements.txt ./
# Runtime dependencies only, each checked against its locked hash.
RUN pip install --no-cache-dir --require-hashes -r requirements-pip.txt \
    && pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
RUN useradd --system --create-home signpost \
    && mkdir -p /app/var \
    && DJANGO_ENV=production DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost SIGNPOST_SITE_URL=http://localhost \
       python manage.py collectstatic --noinput \
    && chown -R signpost /app/var
USER signpost
EXPOSE 8000
CMD ["gunicorn", "tracker.config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
