"""The starting registry and its first published version, and the Editors' permissions.

Strictly necessary: Django's session, CSRF and message cookies (set only for people who sign
in or send a form) and the consent cookie itself, each with its justification. Analytics: a
demonstration service whose script (static/js/demo-analytics.js) counts pages in the browser
and sends nothing anywhere, so the gating can be seen working. Editors may remove it.

``seed_registry`` is also called by the browser tests, whose database is flushed between
tests; it only adds what is missing.
"""

import hashlib
import json

from django.contrib.auth.management import create_permissions
from django.db import migrations

BANNER_TEXT = (
    "We use the cookies this site needs in order to work. With your consent we would also "
    "gather anonymised statistics on which pages are read, to improve the journal. You can "
    "change your mind at any time through “Cookie settings” at the foot of every page."
)

CATEGORIES = [
    {
        "key": "necessary",
        "name": "Strictly necessary",
        "description": "Needed for the site to work: they keep members and staff signed in, "
        "protect the forms you send and remember your cookie choice. They cannot be switched "
        "off and are never used to follow you.",
        "order": 0,
    },
    {
        "key": "preferences",
        "name": "Preferences",
        "description": "Remember choices you make on the site, such as display settings, so "
        "that you need not make them again.",
        "order": 1,
    },
    {
        "key": "analytics",
        "name": "Analytics",
        "description": "Help us understand, in anonymised form, which pages are read and how "
        "readers find them, so that we can improve the journal.",
        "order": 2,
    },
    {
        "key": "marketing",
        "name": "Marketing",
        "description": "Measure the reach of our newsletter and of our sponsors’ "
        "acknowledgements, and let content embedded from other sites, such as videos, load.",
        "order": 3,
    },
]

SERVICES = [
    {
        "key": "lp-reading-stats",
        "name": "Reading statistics (demonstration)",
        "category": "analytics",
        "provider": "Lord’s Press",
        "party": "first",
        "purpose": "Counts, in your browser only, how many pages you have read. It shows how "
        "optional scripts wait for your consent, and sends nothing anywhere.",
        "privacy_url": "",
        "script": "js/demo-analytics.js",
    },
]

_LP = "Lord’s Press"
COOKIES = [
    {
        "name": "sessionid",
        "kind": "cookie",
        "category": "necessary",
        "service": "",
        "provider": _LP,
        "party": "first",
        "purpose": "Keeps a signed-in member or member of staff signed in from page to page.",
        "duration": "2 weeks, or until you sign out",
        "justification": "Signing in is a service the member has asked for, and the site "
        "cannot provide it without remembering them between pages. Set only for people who "
        "sign in.",
        "domain": "",
        "path": "/",
    },
    {
        "name": "csrftoken",
        "kind": "cookie",
        "category": "necessary",
        "service": "",
        "provider": _LP,
        "party": "first",
        "purpose": "Protects the forms you send (such as signing in) against cross-site "
        "request forgery.",
        "duration": "1 year",
        "justification": "Security of the forms a member or member of staff sends; without "
        "it another site could send forms in their name. Set only when such a form is used.",
        "domain": "",
        "path": "/",
    },
    {
        "name": "messages",
        "kind": "cookie",
        "category": "necessary",
        "service": "",
        "provider": _LP,
        "party": "first",
        "purpose": "Carries a one-off confirmation, such as “saved”, to the next page after a "
        "form is sent.",
        "duration": "Until the next page",
        "justification": "Part of the form the person has just sent: it tells them the result, "
        "and is deleted as soon as it has been shown.",
        "domain": "",
        "path": "/",
    },
    {
        "name": "lp_consent",
        "kind": "cookie",
        "category": "necessary",
        "service": "",
        "provider": _LP,
        "party": "first",
        "purpose": "Remembers your cookie choice and its consent ID, so that we do not ask on "
        "every page and can honour what you chose.",
        "duration": "6 months",
        "justification": "The law requires us to honour your choice, which we cannot do "
        "without remembering it. It holds a random consent ID and your choice, nothing else.",
        "domain": "",
        "path": "/",
    },
    {
        # Added with issue 10 (migration 0008 declares it in databases made before).
        "name": "lp_signed_in",
        "kind": "cookie",
        "category": "necessary",
        "service": "",
        "provider": _LP,
        "party": "first",
        "purpose": "Tells the pages that this browser is signed in, so that they show your "
        "account and sign-out links instead of the subscribe prompts. It holds only “1”.",
        "duration": "2 weeks, or until you sign out",
        "justification": "Part of signing in, which the member has asked for: without it the "
        "pages, which are the same for every reader, could not show a member that they are "
        "signed in. Set only for people who sign in, and deleted when they sign out.",
        "domain": "",
        "path": "/",
    },
    {
        "name": "lp_demo_stats",
        "kind": "cookie",
        "category": "analytics",
        "service": "lp-reading-stats",
        "provider": _LP,
        "party": "first",
        "purpose": "A random identifier of this browser for the demonstration reading statistics.",
        "duration": "6 months",
        "justification": "",
        "domain": "",
        "path": "/",
    },
    {
        "name": "lp_demo_stats_pages",
        "kind": "local_storage",
        "category": "analytics",
        "service": "lp-reading-stats",
        "provider": _LP,
        "party": "first",
        "purpose": "The number of pages read in this browser (demonstration).",
        "duration": "Until you withdraw consent or clear your browser",
        "justification": "",
        "domain": "",
        "path": "/",
    },
]

EDITORS = {
    "consent": [
        "view_category", "change_category",
        "add_service", "change_service", "delete_service", "view_service",
        "add_cookie", "change_cookie", "delete_cookie", "view_cookie",
        "add_policyversion", "view_policyversion",
        "view_consentrecord",
    ],
}  # fmt: skip


def _snapshot() -> dict:
    return {
        "categories": [
            {k: c[k] for k in ("key", "name", "description")}
            for c in sorted(CATEGORIES, key=lambda c: c["order"])
        ],
        "services": SERVICES,
        "cookies": COOKIES,
    }


def seed_registry(apps) -> None:
    Category = apps.get_model("consent", "Category")
    Service = apps.get_model("consent", "Service")
    Cookie = apps.get_model("consent", "Cookie")
    PolicyVersion = apps.get_model("consent", "PolicyVersion")
    for data in CATEGORIES:
        Category.objects.get_or_create(key=data["key"], defaults=data)
    for data in SERVICES:
        Service.objects.get_or_create(
            key=data["key"],
            defaults={**{k: v for k, v in data.items() if k != "category"}}
            | {"category_id": data["category"]},
        )
    for order, data in enumerate(COOKIES):
        fields = {k: v for k, v in data.items() if k not in {"category", "service"}}
        service = Service.objects.filter(key=data["service"]).first() if data["service"] else None
        Cookie.objects.get_or_create(
            name=data["name"],
            kind=data["kind"],
            domain=data["domain"],
            defaults=fields | {"category_id": data["category"], "service": service, "order": order},
        )
    if not PolicyVersion.objects.exists():
        registry = _snapshot()
        canonical = json.dumps(
            {"banner_text": BANNER_TEXT, "registry": registry}, sort_keys=True, ensure_ascii=False
        )
        PolicyVersion.objects.create(
            number=1,
            banner_text=BANNER_TEXT,
            change_note="The first published cookie policy.",
            registry=registry,
            digest=hashlib.sha256(canonical.encode()).hexdigest(),
        )


def editor_permissions(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for app_label, codenames in EDITORS.items():
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("consent")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    seed_registry(apps)
    editor_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0001_initial"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
