"""Keep one-time tokens out of logs.

Emailed links carry their token in the path (``/newsletter/confirm/<token>/`` and the other
routes with a ``token`` parameter), so the first request of a link puts the token in request
lines: the development server's (``django.server``), Django's 4xx/5xx warnings
(``django.request``), gunicorn's access log (``gunicorn.access``) and any line of ours that
names ``request.path``. Later requests no longer carry it (``newsletter/links.py``).

``TOKEN_IN_PATH`` is the one rule: a token route's fixed part, then the token segment, which is
replaced by ``[redacted]``. ``deploy/nginx.conf`` carries the same expression for the front
server's access log; ``tests/test_token_logs.py`` holds both to every token route of the
URLconf, so a new token route without redaction fails the suite.

Two hooks apply it:

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

# The fixed parts of the token routes (newsletter/urls.py, newsletter/account_urls.py), after a
# slash, quote or space (Django's "Not Found" tracebacks print paths without the leading slash).
TOKEN_IN_PATH = re.compile(
    r"(?P<route>(?<![\w-])"
    r"(?:newsletter/(?:confirm|unsubscribe)|accounts/(?:sign-in|password/set))/)"
    r"[^/\s?#]+"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with every token segment of a token route replaced by ``[redacted]``."""
    return TOKEN_IN_PATH.sub(rf"\g<route>{REDACTED}", text)


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
