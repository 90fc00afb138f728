"""Path converters for dated addresses; they keep the zero-padded text the URL had.

Each part is bounded here, where it enters: a month outside 01–12, a day outside 01–31 or a
year outside ``EARLIEST_YEAR``–``LATEST_YEAR`` does not match the route, so the reader gets
the ordinary 404 and no view ever computes with it. (Whether the day exists in that month is
the date view's question, and it answers 404 too.)

The years leave room around what Python's ``datetime`` can hold: the date views look up the
start of the day, month or year *after* the one asked for, which 31 December 9999 does not
have (``/9999/12/31/any-slug/`` overflowed into a 500), and a local midnight on 1 January of
year 1 may fall in year 0 in UTC. Nothing the journal publishes lies outside 1000–9998.
"""

EARLIEST_YEAR = 1000
LATEST_YEAR = 9998


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> str:
        if not EARLIEST_YEAR <= int(value) <= LATEST_YEAR:
            raise ValueError(f"year {value} is out of range")  # the route does not match
        return value

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class TwoDigitMonth:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


class TwoDigitDay(TwoDigitMonth):
    regex = "0[1-9]|[12][0-9]|3[01]"
