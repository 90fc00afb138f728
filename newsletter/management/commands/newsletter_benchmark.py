"""``manage.py newsletter_benchmark --subscribers N``: run ``bench/newsletter_send.py`` (a
throwaway database, N synthetic confirmed subscribers, a local SMTP sink, one issue sent by
real ``db_worker`` processes); its last line is ``sent N in S s (R msg/s), peak RSS M MiB``.
It never touches this site's own database."""

import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

SCRIPT = Path(__file__).resolve().parents[3] / "bench" / "newsletter_send.py"


class Command(BaseCommand):
    help = "Measure how fast one newsletter issue goes out (in a throwaway database)."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=10_000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, subscribers, workers, batch_size, **options):
        if not SCRIPT.exists():
            raise CommandError(f"{SCRIPT} is missing: the benchmark ships with the source.")
        if subscribers < 1 or workers < 1 or batch_size < 1:
            raise CommandError("--subscribers, --workers and --batch-size must be positive.")
        done = subprocess.run(  # noqa: S603 — this interpreter, our own script
            [
                sys.executable,
                str(SCRIPT),
                "--subscribers",
                str(subscribers),
                "--workers",
                str(workers),
                "--batch-size",
                str(batch_size),
            ],
            check=False,
        )
        if done.returncode:
            raise CommandError("The benchmark failed (see above).")
