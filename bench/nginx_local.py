"""Write a runnable copy of deploy/nginx.conf for this machine: plain HTTP on a loopback port,
local paths, the shipped rules unchanged otherwise (bench/compare.sh puts it in front of the
project, as production would).

    .venv/bin/python bench/nginx_local.py --dir var/bench/nginx --port 8092 --upstream 8090 \
        --static var/bench/static --media var/bench/media

Writes ``<dir>/nginx.conf`` (the main file: pid, temp paths, one worker per core) and
``<dir>/site.conf`` (deploy/nginx.conf with ports and paths replaced). Every replacement is
checked to have applied, so the copy cannot drift away from the shipped file unnoticed: a
changed deploy/nginx.conf makes this script fail with the pattern it no longer finds.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def local_site(
    text: str,
    *,
    directory: Path,
    port: int,
    plain_port: int,
    upstream_port: int,
    static: Path,
    media: Path,
) -> str:
    """``text`` (deploy/nginx.conf) with loopback ports, no TLS and paths under ``directory``.

    Raises ``ValueError`` naming a pattern that no longer matches the shipped file."""
    changes = [
        (r"listen 80;", f"listen 127.0.0.1:{plain_port};"),
        (r"listen \[::\]:80;", ""),
        (r"listen 443 ssl http2;[^\n]*", f"listen 127.0.0.1:{port};"),
        (r"listen \[::\]:443 ssl http2;", ""),
        (r"ssl_certificate(?:_key)? [^\n]*;", ""),
        (r"/var/log/nginx/", f"{directory}/logs/"),
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        (r"/srv/lordspress/var/media/", f"{media}/"),
    ]
    optional = [
        (r"/srv/lordspress/var/staticfiles/", f"{static}/"),
        (r"/var/cache/nginx/", f"{directory}/cache/"),
    ]
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text)
        if not count:
            raise ValueError(f"deploy/nginx.conf no longer has {pattern!r}")
    for pattern, replacement in optional:
        text = re.sub(pattern, replacement, text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True, help="the site's port")
    parser.add_argument("--plain-port", type=int, default=0, help="the redirect's (default: +1)")
    parser.add_argument("--upstream", type=int, required=True, help="gunicorn's port")
    parser.add_argument("--static", type=Path, required=True, help="STATIC_ROOT")
    parser.add_argument("--media", type=Path, required=True, help="MEDIA_ROOT")
    parser.add_argument("--workers", default="auto")
    parser.add_argument(
        "--mime",
        type=Path,
        default=next(
            (
                p
                for p in (Path("/etc/nginx/mime.types"), ROOT / "var/ci-nginx/etc/nginx/mime.types")
                if p.exists()
            ),
            Path("/etc/nginx/mime.types"),
        ),
        help="nginx's mime.types",
    )
    args = parser.parse_args()
    directory = args.dir.resolve()
    for folder in ("logs", "temp", "cache"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    try:
        site = local_site(
            NGINX_CONF.read_text(),
            directory=directory,
            port=args.port,
            plain_port=args.plain_port or args.port + 1,
            upstream_port=args.upstream,
            static=args.static.resolve(),
            media=args.media.resolve(),
        )
    except ValueError as error:
        print(error, file=sys.stderr)  # noqa: T201
        return 1
    (directory / "site.conf").write_text(site)
    temp_paths = "".join(
        f"  {kind}_temp_path {directory}/temp/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (directory / "nginx.conf").write_text(
        f"daemon off;\nworker_processes {args.workers};\n"
        f"pid {directory}/nginx.pid;\nerror_log {directory}/logs/main.error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n  include {args.mime};\n  sendfile on;\n"
        f"{temp_paths}  include {directory}/site.conf;\n}}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
