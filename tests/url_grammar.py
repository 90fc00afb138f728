"""Hostile addresses built from the pieces browsers read differently from text, for the
sanitiser's property tests (hypothesis) and the cross-check of our URL parser in Chromium.

Each piece is written as it would appear inside a double-quoted HTML attribute: character
references (``&#9;``) are decoded by the HTML parser before the URL parser sees the value,
exactly as in a browser. No piece contains ``"``, ``<`` or ``>``.
"""

import random

from hypothesis import strategies as st

SITE = "https://www.lordspress.example"
# Pages an article body appears on: a relative address means something else on each.
PAGE_BASES = [f"{SITE}/", f"{SITE}/2025/06/01/a-deep/article/", f"{SITE}/search/?q=x"]

SCHEMES = [
    "javascript:", "JaVaScRiPt:", "java\tscript:", "java&#9;script:", "java&#x0A;script:",
    "&#106;avascript:", "jav&#x61;script:", " javascript:", "\x01javascript:", "&#0;javascript:",
    "vbscript:", "data:text/html,", "data:image/svg+xml,", "DATA:", "blob:", "file:", "ftp:",
    "about:", "https:", "http:", "HTTPS:", "Http:", "mailto:", "tel:", "javascript&colon;",
    "&#x6A;avascript&#58;", "javascript\x00:",
]  # fmt: skip
SLASHES = [
    "/", "//", "\\", "\\\\", "/\\", "\\/", "///", "/\t/", "/&#9;/", "/&#10;/", "&#92;&#92;",
    "&#x2f;&#x2f;", "%2f", "%5c", "/\n/", " //", "\t//",
]  # fmt: skip
HOSTS = [
    "evil.example", "www.lordspress.example", "WWW.LordsPress.Example",
    "www.lordspress.example:443", "www.lordspress.example:8443", "www.lordspress.example.",
    "www.lordspress.example.evil.example", "user@evil.example", "www.lordspress.example@evil.example",
    "user:pw@www.lordspress.example", "127.0.0.1", "0x7f.1", "[::1]", "xn--bcher-kva.example",
    "bücher.example", "evil.example%2f", "evil.example\\@www.lordspress.example",
]  # fmt: skip
PATHS = [
    "media/", "/media/", "uploads/2025/06/01/abc.jpg", "media/uploads/a.jpg", "..", "../",
    "/..", "%2e%2e", "%2E%2e/", ".%2e", "%2e./", "%2e", "./", ".", "accounts/", "admin/",
    "?q=1", "#note", "&amp;", "&#x3a;", ":", "@", " ", "\x00", "%00", ";", "%2f", "%5c",
    "alert(1)", "x.png", "&#47;", "a b", "\u2028", "\ufeff",
]  # fmt: skip
PIECES = SCHEMES + SLASHES + HOSTS + PATHS

addresses = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
"""Concatenations of hostile pieces (hypothesis shrinks a failure to the fewest pieces)."""


def corpus(size: int, *, seed: int = 8) -> list[str]:
    """A fixed sample from the same grammar, for checks too slow to run per example."""
    rng = random.Random(seed)
    return ["".join(rng.choices(PIECES, k=rng.randint(1, 8))) for _ in range(size)]
