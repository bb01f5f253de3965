"""Gunicorn reads this file from the working directory (the image's /app, the benchmark's checkout)."""

import gc


def post_worker_init(worker):
    # Move the loaded application (Django, DRF, every module) out of the collector's reach: otherwise each full
    # collection walks all of it again, a pause of about 90 ms that bench/api.py saw in about 1 request of 75.
    gc.freeze()
