"""Chromium as the independent judge of the sanitiser's addresses (lordspress/sanitize.py).

The unit tests check the rule with Ada, the WHATWG parser the sanitiser itself uses. Here a
real browser's HTML and URL parsers read (1) the same hostile addresses, to show Ada and
Chromium resolve them alike, and (2) the sanitised HTML, to show that what Chromium would
follow or fetch keeps every promise. No page is loaded: DOMParser documents fetch nothing.
"""

import ada_url
import pytest

from lordspress.core.sanitize import ALLOWED_ATTRIBUTES, sanitize_html
from tests import url_grammar

CORPUS = url_grammar.corpus(1500)

# For each element of a document parsed from `html`: tag, attribute, the value as Chromium's
# HTML parser decoded it, and its address resolved against `base` by Chromium's URL parser.
READ_ADDRESSES = """([html, base, names]) => {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const found = [];
  for (const el of doc.body.querySelectorAll("*")) {
    for (const name of names) {
      if (!el.hasAttribute(name)) continue;
      const raw = el.getAttribute(name);
      let url = null;
      try { url = new URL(raw, base); } catch (e) {}
      found.push({
        tag: el.localName, name, raw, id: el.id,
        href: url && url.href, protocol: url && url.protocol, origin: url && url.origin,
        pathname: url && url.pathname, search: url && url.search, hash: url && url.hash,
        credentials: !!(url && (url.username || url.password)),
      });
    }
  }
  return found;
}"""
URL_PAIRS = [
    (tag, attribute)
    for tag, attributes in ALLOWED_ATTRIBUTES.items()
    for attribute in attributes
    if attribute in {"href", "src", "cite"}
]


def _read(page, html: str, base: str, names) -> list[dict]:
    return page.evaluate(READ_ADDRESSES, [html, base, sorted(names)])


def _ada(value: str, base: str) -> str | None:
    try:
        return ada_url.URL(value, base=base).href
    except ValueError:
        return None


@pytest.fixture
def blank(page):
    page.goto("about:blank")
    return page


def test_ada_resolves_every_hostile_address_as_chromium_does(blank):
    """Where Ada parses an address, Chromium reads the same scheme, and for the schemes we
    keep (http, https, mailto) the very same address.

    Two known Chromium departures from the URL Standard are outside what we keep, so they
    are tolerated: Chromium accepts a space in a host ("http://a b/" -> "http://a%20b/")
    where the Standard, Ada and Firefox fail (we then drop the attribute), and it keeps tabs
    and newlines in data: addresses (a scheme we never keep)."""
    html = "".join(f'<a id="{n}" href="{value}">x</a>' for n, value in enumerate(CORPUS))
    differences, agreed = [], 0
    for base in url_grammar.PAGE_BASES:
        for seen in _read(blank, html, base, ["href"]):
            ours = _ada(seen["raw"], base)
            if ours is None:
                continue  # the sanitiser drops what Ada cannot parse
            same_scheme = seen["href"] is not None and ours.startswith(seen["protocol"])
            kept_scheme = seen["protocol"] in {"http:", "https:", "mailto:"}
            if not same_scheme or (kept_scheme and ours != seen["href"]):
                differences.append((CORPUS[int(seen["id"])], seen["raw"], seen["href"], ours))
            agreed += kept_scheme
    assert differences == []
    assert agreed > len(CORPUS)  # most of the corpus is http(s) once parsed


@pytest.mark.parametrize(("tag", "attribute"), URL_PAIRS)
def test_chromium_finds_every_kept_address_within_the_rule(blank, settings, tag, attribute):
    settings.SITE_URL = url_grammar.SITE
    settings.MEDIA_URL = "/media/"
    if tag == "img":
        snippets = [f'<img {attribute}="{value}" alt="">' for value in CORPUS]
    else:
        snippets = [f'<{tag} {attribute}="{value}">x</{tag}>' for value in CORPUS]
    cleaned = "".join(f"<p>{sanitize_html(snippet)}</p>" for snippet in snippets)
    problems, kept = [], 0
    for base in url_grammar.PAGE_BASES:
        for seen in _read(blank, cleaned, base, [attribute]):
            kept += 1
            where = f"{tag}[{attribute}]={seen['raw']!r} on {base} -> {seen['href']}"
            if seen["href"] is None or seen["credentials"]:
                problems.append(f"{where}: unparsable or with credentials")
            elif tag == "img":
                if (
                    seen["origin"] != url_grammar.SITE
                    or not seen["pathname"].startswith("/media/")
                    or "%" in seen["pathname"]
                    or seen["search"]
                    or seen["hash"]
                ):
                    problems.append(f"{where}: not a plain file among our media")
            elif seen["protocol"] not in {"http:", "https:", "mailto:"}:
                problems.append(f"{where}: forbidden scheme")
            elif seen["origin"] != url_grammar.SITE and not seen["raw"].startswith(
                seen["protocol"]
            ):
                problems.append(f"{where}: leaves the site without saying so")
    assert problems == []
    assert kept > 0  # the corpus keeps some addresses, so the check above checked something
