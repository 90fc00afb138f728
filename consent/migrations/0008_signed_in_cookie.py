"""Declare the signed-in flag (``lp_signed_in``, issue 10) in registries made before it.

Databases created since have it in the first published version (0002's seed). Here it is
added to the working registry, strictly necessary, and published as a new version when the
latest one differs from the working registry only by it (so no editor's unpublished draft is
published with it); otherwise the editors' next publication carries it.
"""

import hashlib
import json
from importlib import import_module

from django.db import migrations

NAME = "lp_signed_in"


def _snapshot(apps, alias) -> dict:
    """What consent.services.registry_snapshot builds, from the historical models."""
    Category = apps.get_model("consent", "Category")
    Service = apps.get_model("consent", "Service")
    Cookie = apps.get_model("consent", "Cookie")
    return {
        "categories": [
            {"key": c.key, "name": c.name, "description": c.description}
            for c in Category.objects.using(alias).order_by("order", "key")
        ],
        "services": [
            {
                "key": s.key,
                "name": s.name,
                "category": s.category_id,
                "provider": s.provider,
                "party": s.party,
                "purpose": s.purpose,
                "privacy_url": s.privacy_url,
                "script": s.script,
            }
            for s in Service.objects.using(alias).order_by("category__order", "order", "name")
        ],
        "cookies": [
            {
                "name": c.name,
                "kind": c.kind,
                "category": c.category_id,
                "service": c.service.key if c.service else "",
                "provider": c.provider,
                "party": c.party,
                "purpose": c.purpose,
                "duration": c.duration,
                "justification": c.justification,
                "domain": c.domain,
                "path": c.path or "/",
            }
            for c in Cookie.objects.using(alias)
            .select_related("service")
            .order_by("category__order", "order", "name")
        ],
    }


def declare(apps, schema_editor):
    alias = schema_editor.connection.alias
    Category = apps.get_model("consent", "Category")
    Cookie = apps.get_model("consent", "Cookie")
    PolicyVersion = apps.get_model("consent", "PolicyVersion")
    if Cookie.objects.using(alias).filter(name=NAME).exists():
        return
    if not Category.objects.using(alias).filter(key="necessary").exists():
        return  # no registry here (0002 seeds one); nothing to declare it in
    before = _snapshot(apps, alias)
    seed = import_module("consent.migrations.0002_seed_registry")
    data = next(c for c in seed.COOKIES if c["name"] == NAME)
    necessary = Cookie.objects.using(alias).filter(category_id="necessary")
    order = max(necessary.values_list("order", flat=True), default=-1) + 1
    Cookie.objects.using(alias).create(
        **{k: v for k, v in data.items() if k not in {"category", "service"}},
        category_id="necessary",
        service=None,
        order=order,
    )
    latest = PolicyVersion.objects.using(alias).order_by("-number").first()
    if latest is None or latest.registry != before:
        return  # nothing published yet, or an editor's draft is waiting: they publish it
    registry = _snapshot(apps, alias)
    canonical = json.dumps(
        {"banner_text": latest.banner_text, "registry": registry},
        sort_keys=True,
        ensure_ascii=False,
    )
    PolicyVersion.objects.using(alias).create(
        number=latest.number + 1,
        banner_text=latest.banner_text,
        change_note="Declares lp_signed_in, the strictly necessary signed-in flag (issue 10).",
        registry=registry,
        digest=hashlib.sha256(canonical.encode()).hexdigest(),
    )


class Migration(migrations.Migration):
    dependencies = [("consent", "0007_google_tag_moves_to_consent")]

    operations = [migrations.RunPython(declare, migrations.RunPython.noop)]
