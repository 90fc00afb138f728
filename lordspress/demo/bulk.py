"""The generated articles of ``seed_demo --articles N``: plain data and a generator, no Django.

Article ``number`` (1, 2, …) is the same article on every run: everything about it (headline,
slug, section, kind, access, body, its place in time) is drawn from a random generator seeded
with its number, so a second run with the same N finds every slug already there and adds
nothing, and a larger N adds only the numbers it lacks. Number 1 is the newest; each next
number is about ``STEP_MINUTES`` older, so 100,000 articles reach back about nine years.

A body is about 1,200 words: an opening, three sections under ``<h2>`` headings, a quotation,
links to two or three older generated articles and one outside link, like the hand-written
demo articles (``content.py``). Every person, house, place and firm is invented.
"""

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

STEP_MINUTES = 50
# Words a benchmark can rely on: ``COMMON_WORD`` is in nearly every body, ``RARE_WORD`` in
# about one article in ``RARE_EVERY`` (in the body; every fourth of those in the headline).
COMMON_WORD = "treaty"
RARE_WORD = "Orrelsby"
RARE_EVERY = 5_000
WORDS_PER_ARTICLE = 1_200

# Section slug -> weight among generated articles (the demo's eight sections).
SECTION_WEIGHTS = {
    "diplomacy": 22,
    "royalty-nobility": 22,
    "heraldry": 12,
    "protocol": 12,
    "history": 12,
    "obituaries": 8,
    "notices": 7,
    "special-reports": 5,
}
BYLINES = ("lp-staff-writers", "lp-staff-writers", "lp-staff-writers", "j-r", "a-de-v")

_PLACE_HEADS = (
    "Ash", "Bel", "Cal", "Dun", "Fen", "Gal", "Hol", "Kil", "Lan", "Mor", "Nor", "Pen",
    "Ros", "Stan", "Thorn", "Vel", "Wil", "Yar", "Brack", "Cress", "Elm", "Harl", "Lyd", "Ock",
)  # fmt: skip
_PLACE_TAILS = (
    "ley", "ford", "ham", "bury", "combe", "wick", "mere", "thorpe", "stead", "ton", "by",
    "holm", "field", "worth", "hurst", "cote",
)  # fmt: skip
_HOUSE_HEADS = (
    "Aren", "Bor", "Cas", "Del", "Esk", "Far", "Gra", "Hart", "Iver", "Lor", "Mar", "Ner",
    "Ost", "Ral", "Sev", "Tre", "Val", "Wen", "Zell", "Aur",
)  # fmt: skip
_HOUSE_TAILS = ("berg", "stein", "court", "mont", "ville", "heim", "ach", "ard", "au", "fels")
_FORENAMES = (
    "Charles", "Henrietta", "Frederick", "Margaret", "Alexander", "Sophia", "Edmund", "Louisa",
    "Maximilian", "Caroline", "Rupert", "Theodora", "Leopold", "Augusta", "Hugo", "Clementine",
    "Ferdinand", "Eleanor", "Casimir", "Beatrix",
)  # fmt: skip
_TITLES = ("Earl", "Baron", "Viscount", "Marquess", "Count", "Prince", "Duke", "Baroness")
_COUNTRIES = (
    "Austria", "Belgium", "Denmark", "Sweden", "Norway", "the Netherlands", "Portugal", "Spain",
    "Luxembourg", "Liechtenstein", "Monaco", "Italy", "Poland", "Hungary", "Ireland", "Finland",
)  # fmt: skip
_INSTITUTIONS = (
    "the College of Arms", "the Court of the Lord Lyon", "the Crown Office", "the Foreign Office",
    "the county record office", "the diocesan registry", "the Royal Household",
    "the Privy Council Office", "the national archives", "the heralds' chapter",
)  # fmt: skip
_RELATIONS = (
    "paternal uncle",
    "second cousin",
    "younger brother",
    "grandfather",
    "cousin",
    "father",
)
_OUTSIDE_LINKS = (
    ("https://www.nationalarchives.gov.uk/", "The National Archives"),
    ("https://www.college-of-arms.gov.uk/", "the College of Arms"),
    ("https://www.legislation.gov.uk/", "legislation.gov.uk"),
    ("https://www.un.org/en/about-us/un-charter", "the Charter of the United Nations"),
    ("https://treaties.un.org/", "the United Nations Treaty Collection"),
)

_HEADLINES = {
    "diplomacy": (
        "New ambassador of {country} presents credentials at {place} Palace",
        "{country} and its neighbour renew the {place} treaty on river frontiers",
        "Chancery of {country} moves to {place} House after ninety years",
        "Heads of mission gather at {place} for the spring diplomatic reception",
        "Consular convention with {country} ratified after a long delay",
    ),
    "royalty-nobility": (
        "The {ordinal} {title} of {place} dies at {age}; the title passes to a {relation}",
        "Marriage of {forename} of {house} and the heir to {place} announced",
        "Succession to the barony of {place} proved before the Crown Office",
        "House of {house} settles the {place} estate on a family trust",
        "The {title} of {place} takes his seat after a contested claim",
    ),
    "heraldry": (
        "Arms granted to the borough of {place}, with supporters",
        "A matriculation of the {house} arms ends a century of doubt",
        "Heralds record the badge of the {place} guild",
        "Why the {place} shield carries three mullets, and not two",
        "A disputed crest at {place} returns to the heralds' chapter",
    ),
    "protocol": (
        "How the table of precedence was set at the {place} state banquet",
        "Forms of address for the new {title} of {place}",
        "The order of arrival at {place}: a note on diplomatic precedence",
        "Flags at half-mast in {place}, and the rules behind them",
        "A guide to the orders and decorations worn at {place}",
    ),
    "history": (
        "The {place} treaty of {year}, read again from the archive",
        "Letters of the {house} chancery, {year}, found in a {place} attic",
        "An embassy to {country} in {year} and what its dispatches record",
        "The {place} inventory of {year} and the plate it lists",
        "A forgotten congress at {place}, {year}",
    ),
    "obituaries": (
        "{forename}, {title} of {place}, archivist and countryman, {age}",
        "{forename} of {house}, who kept the {place} papers, {age}",
        "The {ordinal} {title} of {place}, a diplomat of the old school, {age}",
        "{forename} {house}, herald and genealogist, {age}",
    ),
    "notices": (
        "Engagement: {forename} of {house} and {forename2} of {place}",
        "Memorial service for the late {title} of {place}",
        "Marriage at {place}: the {house} and {house2} families",
        "Birth announced at {place} of a son to the {title} of {place2}",
    ),
    "special-reports": (
        "Inside the {place} archive: how a family's papers are kept",
        "The heralds at work: a season with {institution}",
        "Succession at {place}: a study of three contested peerages",
        "Embassies in transition: the {country} mission since {year}",
    ),
}
_HEADINGS = (
    "The background", "What the documents show", "A question of precedence", "The family",
    "The formal record", "What happens next", "An older precedent", "The ceremony",
    "The archive", "The law of the matter", "Those who remember", "The estate",
    "The diplomatic view", "A note on sources", "Reactions", "The arms",
)  # fmt: skip
_SENTENCES = (
    "The papers, deposited at {place} in {year}, run to some four hundred items and include "
    "the correspondence of three generations of the family.",
    "Under the terms of the treaty signed at {place}, each party undertook to notify the "
    "other of any change in the line of succession within six months.",
    "A spokesman for {institution} said that the matter was in hand and that no statement "
    "would be made until the formal record was complete.",
    "The {title} of {place}, who succeeded his {relation} in {year}, had served for a decade "
    "on the council of the county archive trust.",
    "The house of {house} has held lands near {place} since the fourteenth century, and its "
    "muniments are among the best preserved in the region.",
    "The ambassador of {country} was received in audience at eleven o'clock and presented "
    "the letters recalling her predecessor together with her own letters of credence.",
    "Precedence at the dinner followed the order of the diplomatic list, with heads of "
    "mission seated by the date on which they had presented their credentials.",
    "The grant, dated {year}, describes the arms in the blazon of the period and is signed "
    "by the three kings of arms then in office.",
    "Local historians have long argued that the treaty was never ratified, but the "
    "ratification instruments survive in the archive of {institution}.",
    "It is a convention rather than a rule of law, and it has been departed from on "
    "several occasions when the circumstances required.",
    "{forename} of {house} recalled that the family had always kept its own records, and "
    "that the ledgers of the estate go back without a break to {year}.",
    "The documents were catalogued in the winter of {year} by a volunteer from the parish, "
    "working two afternoons a week for three years.",
    "No claim to the title was lodged within the period allowed, and the dignity is "
    "therefore presumed to have fallen into abeyance.",
    "The mission in {country} was raised to an embassy in {year}, and the chancery has "
    "occupied its present building since the end of the war.",
    "At the reception, guests were presented in the order laid down by the protocol "
    "department, and the national anthems were played at the close.",
    "The register records the marriage at {place} on a Saturday in June, with the bride's "
    "{relation} and two cousins as witnesses.",
    "What the surviving letters do not say is as telling as what they do, and the gaps in "
    "the correspondence fall in the years of the dispute.",
    "The estate at {place} passed under a separate settlement and does not follow the title, "
    "which descends by the terms of its original patent.",
    "Officers of {institution} examined the pedigree and found it proved in each "
    "generation, from the original grantee to the present petitioner.",
    "The treaty of {year} fixed the frontier along the middle of the river and provided for "
    "a joint commission to settle any later disagreement.",
    "A memorial service will be held at {place} in the spring, at a date to be announced "
    "by the family in these columns.",
    "The heralds' view, set out in a memorandum of {year}, is that a crest may not be "
    "borne by a corporate body without a specific grant.",
    "Those who served with the late {title} describe a patient and exact man who read every "
    "dispatch himself and answered most of them by hand.",
    "The inventory lists forty-two pieces of plate, a set of armorial porcelain and the "
    "family's patents of nobility, each entered with its date.",
    "In diplomatic practice a note verbale is written in the third person and is neither "
    "signed nor addressed to a named official.",
    "The council of {place} first applied for arms in {year}, but the petition lapsed when "
    "the borough was merged with its neighbour.",
    "The family's solicitors have indicated that the papers proving the succession are in "
    "hand and will be submitted before the end of the year.",
    "Neither government has commented on the report, and the joint commission is not due to "
    "meet again until the autumn.",
    "Visitors to the exhibition at {place} may see the original letters patent, lent for the "
    "occasion by the house of {house}.",
    "The order of precedence among the peers of the same degree follows the dates of "
    "creation, the oldest title coming first.",
    "{country} recognised the title in {year}, although the courts there have since "
    "declined to enforce any privilege attached to it.",
    "The archive of {institution} holds the draft of the treaty, with corrections in two "
    "hands that have not yet been identified.",
    "It was, by every account, a small and quiet ceremony, and the family asked that "
    "photographs not be taken inside the chapel.",
    "The historian of the family notes that the same question was raised in {year} and left "
    "unresolved for a generation.",
    "A treaty of this kind is registered with the secretariat of the United Nations and "
    "published in its treaty series.",
    "The new holder of the title, a retired engineer who has lived abroad for most of his "
    "life, has said that he will not use it in public.",
)  # fmt: skip
_QUOTES = (
    "We have kept these papers for six hundred years, and we intend to keep them for six "
    "hundred more.",
    "Precedence is not vanity; it is the means by which a room full of proud people can "
    "sit down to dinner without a quarrel.",
    "The documents are clear, and the heralds have said so. What remains is a matter for "
    "the family.",
    "A treaty is only as good as the archive that keeps it.",
    "He answered every letter by hand, and he expected the same of us.",
)
_ORDINALS = ("2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Generated:
    """One generated article, as plain values (``seed_demo`` makes the model instance)."""

    number: int
    slug: str
    headline: str
    standfirst: str
    section: str
    byline: str
    kind: str  # "news", "special_report" or "notice"
    access: str  # "default", "public" or "members"
    always_free: bool
    is_lead: bool
    minutes_before_anchor: int
    body: str = ""


def _slugify(text: str) -> str:
    return _NON_WORD.sub("-", text.lower()).strip("-")[:180].rstrip("-")


def _fill(rng: random.Random) -> dict[str, str]:
    place = rng.choice(_PLACE_HEADS) + rng.choice(_PLACE_TAILS)
    return {
        "place": place,
        "place2": rng.choice(_PLACE_HEADS) + rng.choice(_PLACE_TAILS),
        "house": rng.choice(_HOUSE_HEADS) + rng.choice(_HOUSE_TAILS),
        "house2": rng.choice(_HOUSE_HEADS) + rng.choice(_HOUSE_TAILS),
        "forename": rng.choice(_FORENAMES),
        "forename2": rng.choice(_FORENAMES),
        "title": rng.choice(_TITLES),
        "country": rng.choice(_COUNTRIES),
        "institution": rng.choice(_INSTITUTIONS),
        "relation": rng.choice(_RELATIONS),
        "ordinal": rng.choice(_ORDINALS),
        "age": str(rng.randint(58, 99)),
        "year": str(rng.randint(1648, 1990)),
    }


_SECTIONS = tuple(SECTION_WEIGHTS)
_CUMULATIVE = []
_total = 0
for _weight in SECTION_WEIGHTS.values():
    _total += _weight
    _CUMULATIVE.append(_total)


@lru_cache(maxsize=4096)
def describe(number: int) -> Generated:
    """Everything about article ``number`` but its body (cheap: links to it need this)."""
    rng = random.Random(number * 7919 + 17)
    section = rng.choices(_SECTIONS, cum_weights=_CUMULATIVE)[0]
    values = _fill(rng)
    headline = rng.choice(_HEADLINES[section]).format(**values)
    rare = number % RARE_EVERY == 0
    if rare and number % (4 * RARE_EVERY) == 0:
        headline += f", with the {RARE_WORD} letters"
    headline = headline[0].upper() + headline[1:]
    standfirst = rng.choice(_SENTENCES).format(**values)
    if section == "notices":
        kind = "notice"
    elif section == "special-reports" or rng.random() < 0.02:
        kind = "special_report"
    else:
        kind = "news"
    roll = rng.random()
    access = "members" if roll < 0.04 else "public" if roll < 0.07 else "default"
    return Generated(
        number=number,
        slug=f"{_slugify(headline)}-{number}",
        headline=headline,
        standfirst=standfirst,
        section=section,
        byline=rng.choice(BYLINES),
        kind=kind,
        access=access,
        always_free=rng.random() < 0.02,
        is_lead=number % 37 == 1,
        minutes_before_anchor=number * STEP_MINUTES + rng.randrange(STEP_MINUTES),
    )


def generate(number: int, *, older: list[tuple[str, str]], figure: str = "") -> Generated:
    """Article ``number`` with its body. ``older``: (address, headline) of older articles to
    link to (two or three); ``figure``: an ``<img>`` of a stored demo picture, or ""."""
    meta = describe(number)
    rng = random.Random(number * 104729 + 3)
    values = _fill(rng)
    sentences = [s.format(**values) for s in rng.sample(_SENTENCES, 24)]
    if number % RARE_EVERY == 0:
        sentences[5] = (
            f"Among the papers are the {RARE_WORD} letters, a bundle of twelve dispatches "
            "that no catalogue had described before."
        )
    words = sum(len(s.split()) for s in sentences)
    while words < WORDS_PER_ARTICLE:  # the pool is reused, in a new order, as in print
        extra = rng.choice(_SENTENCES).format(**values)
        sentences.append(extra)
        words += len(extra.split())
    paragraphs = []
    start = 0
    while start < len(sentences):
        size = rng.randint(3, 5)
        paragraphs.append(sentences[start : start + size])
        start += size
    links = [f'<a href="{address}">{headline}</a>' for address, headline in older]
    outside_url, outside_label = rng.choice(_OUTSIDE_LINKS)
    outside = f'<a href="{outside_url}">{outside_label}</a>'
    blocks = []
    headings = rng.sample(_HEADINGS, 3)
    heading_at = {2: headings[0], len(paragraphs) // 2: headings[1]}
    heading_at[len(paragraphs) - 3] = headings[2]
    quote_at = len(paragraphs) // 2 + 2
    for index, sentences_of in enumerate(paragraphs):
        if index in heading_at:
            blocks.append(f"<h2>{heading_at[index]}</h2>")
        text = " ".join(sentences_of)
        if index == 1 and links:
            text += f" This journal reported earlier on {links[0]}."
        elif index == 4 and len(links) > 1:
            text += " See also " + " and ".join(links[1:]) + "."
        elif index == 6:
            text += f" The texts are published by {outside}."
        blocks.append(f"<p>{text}</p>")
        if index == quote_at:
            blocks.append(f"<blockquote><p>{rng.choice(_QUOTES)}</p></blockquote>")
        if index == 3 and figure:
            blocks.append(figure)
    if meta.kind != "news" or meta.access == "members":
        blocks.insert(4, "<p>[members-only]</p>")
    return Generated(**{**meta.__dict__, "body": "\n".join(blocks)})


def publish_time(anchor, number: int):
    """When article ``number`` is published, counted back from ``anchor`` (a datetime)."""
    return anchor - timedelta(minutes=describe(number).minutes_before_anchor)


def anchor_from(number: int, publish_at):
    """The anchor that puts article ``number`` at ``publish_at`` (``publish_time`` inverted)."""
    return publish_at + timedelta(minutes=describe(number).minutes_before_anchor)
