"""Keep one-time tokens out of logs.

Emailed links carry their token in the path (``/newsletter/confirm/<token>/`` and the other
routes with a ``token`` parameter), so the first request of a link puts the token in request
lines: the development server's (``django.server``), Django's 4xx/5xx warnings
(``django.request``), gunicorn's access log (``gunicorn.access``) and any line of ours that
names ``request.path``. Later requests no longer carry it (``newsletter/links.py``).

A request line is what the client wrote, and the router acts on its decoded form: Django
decodes percent-escapes, so ``/newsletter/%63onfirm/<token>/`` and
``/newsletter/confirm%2F<token>/`` reach the confirm view, and a line a rule matches as text
(``newsletter/confirm/``) lets them through. So two rules, and neither needs the path decoded:

- ``TOKEN_SHAPED``: a token wherever it is and however it is spelled. Every token the site
  mints contains a run of 43 base64url characters (``secrets.token_urlsafe(32)``, and the
  HMAC-SHA256 signature of the signed unsubscribe value ``<b64>:<signature>``). A run of at
  least 43 characters of ``[A-Za-z0-9_%-]``, with ``:`` only between two of them, covers all
  of them: percent-escapes of any depth (``%41``, ``%2541``, ``%2F`` joining a segment) are
  written with ``%`` and hex digits, and an inner ``:`` keeps a signed value whole. Runs
  without an upper-case letter or ``%`` are spared: article, section and author slugs (up to
  120 characters of lower case, digits and hyphens) and the snake_case names in a traceback;
  a random token has no upper-case letter once in about 5·10^9 (and on a token route the next
  rule takes it whatever its letters);
- ``TOKEN_IN_PATH``: on a token route (in any letter case and with repeated slashes, which
  the router refuses but which still name a live token), the run that stands in the token's
  place, however short.

Neither takes anything a token cannot be written with (``RUN``), so neither ever takes what
frames a token in a log line: the closing quote of a quoted field (gunicorn's and runserver's
request line and Referer), a space, a repr's ``'`` or ``>``, a bracket, a ``:`` that ends a
field. A redacted line splits into the same fields as the line it was made from.

A token route answers only to the canonical spelling of its address (``newsletter/links.py``),
so an accepted token is also always on a line ``TOKEN_IN_PATH`` reads as text.

``deploy/nginx.conf`` carries the same two expressions for the front server's access log
(``NGINX_RULE``: from the first token to the end of the address, since a ``map`` substitutes
once; it rewrites the value of ``$request`` or ``$http_referer`` alone, and nginx adds the
format's quotes around it and escapes any ``"`` or ``\\`` in it as it writes the line, so
it cannot change the line's fields either). ``tests/test_token_logs.py`` holds the file to
it, every token route of the URLconf to both rules, generated spellings of every token address
to all the logs (the record factory, the development server, gunicorn, nginx), and generated
token addresses in the request line and Referer to a strict parse of the access log lines.

Two hooks apply the rules:

- ``install_record_factory()`` (called from ``LordsPressConfig.ready``) wraps the log record
  factory, so every record created in a process running the site is redacted as it is made,
  whatever logger it comes from and whichever handler (ours, gunicorn's, a test's) receives it;
  a record carrying a traceback gets its redacted text as ``exc_text``, which formatters print
  instead of formatting the traceback again;
- ``RedactTokensFilter`` on our console handler, for records made before the factory is
  installed (while Django sets itself up).
"""

import logging
import re
import traceback

# The fixed parts of the token routes (newsletter/urls.py, newsletter/account_urls.py), after
# a character that cannot be part of a word (Django's "Not Found" tracebacks print paths
# without the leading slash), in any letter case, with any number of slashes between them.
ROUTE = (
    r"(?<![A-Za-z0-9_-])"
    r"(?i:newsletter/+(?:confirm|unsubscribe)|accounts/+(?:sign-in|password/+set))/+"
)
# What a token is written with, however it is spelled: base64url and percent-escapes.
RUN_CHAR = r"[A-Za-z0-9_%-]"
# A token's text: a run of those, with ":" only between two of them (a signed value's
# "<value>:<signature>"). Nothing else: not a quote, a space, a bracket, "<", ">", ",", ";"
# or a ":" that ends a field ("Not Found: "), so whatever frames the token in a log line
# (a quoted Referer, a repr, a "key: value") is left as it was.
RUN = rf"{RUN_CHAR}+(?::{RUN_CHAR}+)*"
# The start of a run: not after a run character, nor after a ":" inside a run.
RUN_START = rf"(?<!{RUN_CHAR})(?<!{RUN_CHAR}:)"
# A token, however written (see above). The look-behinds start it at the start of a run, so
# each character is read a bounded number of times whatever the line (no backtracking blow-up
# on a long hostile line); the look-aheads find 43 characters of the run, and an upper-case
# letter or "%" in it.
SHAPED = (
    rf"{RUN_START}"
    rf"(?=(?:{RUN_CHAR}|:(?={RUN_CHAR})){{43}})"
    rf"(?=(?:[a-z0-9_-]|:(?={RUN_CHAR}))*[A-Z%])"
    rf"{RUN}"
)

TOKEN_IN_PATH = re.compile(rf"(?P<route>{ROUTE}){RUN}")
TOKEN_SHAPED = re.compile(SHAPED)
REDACTED = "[redacted]"

# For nginx's ``map`` (deploy/nginx.conf), which substitutes once: everything from the first
# token (or token route's token segment) to the end of the address is replaced, so a second
# token later in the same line goes with it. ``after`` keeps a request line's protocol.
NGINX_RULE = (
    rf"^(?P<before>.*?)(?:(?P<route>{ROUTE})(?=[^/\s?#])|{SHAPED})"
    r".*?(?P<after>(?: HTTP/[0-9.]+)?)$"
)
NGINX_REPLACEMENT = "${before}${route}" + REDACTED + "${after}"


def redact(text: str) -> str:
    """``text`` with every token, and every token route's token segment, as ``[redacted]``."""
    return TOKEN_SHAPED.sub(REDACTED, TOKEN_IN_PATH.sub(rf"\g<route>{REDACTED}", text))


def redact_record(record: logging.LogRecord) -> None:
    """Redact a record's message (args merged in) and its traceback text, in place."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: its handler reports it, as logging does
        return
    redacted = redact(message)
    if redacted != message:
        record.msg, record.args = redacted, ()
    if record.exc_info and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if redact(text) != text:  # else formatters format the traceback their own way
            record.exc_text = redact(text)
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class RedactTokensFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def install_record_factory() -> None:
    """Make every new log record redacted (once per process; idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_tokens", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact_record(record)
        return record

    factory.redacts_tokens = True
    logging.setLogRecordFactory(factory)
