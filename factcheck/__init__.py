"""The Django project: settings, URLs, the Celery app and health checks."""

import os

# One BLAS thread per process, set before numpy loads: a worker extracts one article at a time
# and the machine's cores go to more processes and to PostgreSQL. OpenBLAS's threads spin-wait
# after each matrix product and would take a core from everything else on the machine.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from factcheck.celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
