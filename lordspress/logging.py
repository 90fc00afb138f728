"""Keep secrets out of logs: request lines carry one-time tokens in their paths."""

import logging
import re

_TOKEN_PATH = re.compile(r"(/(?:confirm|sign-in|set|unsubscribe)/)[^/\s\"?]{16,}")


class RedactTokensFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _TOKEN_PATH.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True
