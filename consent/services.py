"""Writes of the consent app: publishing a policy version, recording a decision, pruning."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone

from consent.google import google_tag_declared, google_tag_id_invalidate
from consent.models import (
    Category,
    ConsentRecord,
    ConsentSettings,
    Cookie,
    PolicyVersion,
    Service,
    validate_cookie_domain,
    validate_cookie_path,
)
from consent.registry import (
    DEFAULT_BANNER_TEXT,
    NECESSARY,
    OPTIONAL_KEYS,
    PublishedRegistry,
    current_registry,
    registry_invalidate,
)
from consent.state import ConsentState, Status

Action = ConsentRecord.Action
Surface = ConsentRecord.Surface


# --- The registry and its published versions ------------------------------------------------


def registry_snapshot() -> dict:
    """The working registry as plain data, the form in which a version freezes it."""
    return {
        "categories": [
            {"key": c.key, "name": c.name, "description": c.description}
            for c in Category.objects.order_by("order", "key")
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
            for s in Service.objects.order_by("category__order", "order", "name")
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
            for c in Cookie.objects.select_related("service").order_by(
                "category__order", "order", "name"
            )
        ],
    }


def snapshot_digest(*, banner_text: str, registry: dict) -> str:
    canonical = json.dumps(
        {"banner_text": banner_text, "registry": registry}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def registry_has_unpublished_changes() -> bool:
    latest = PolicyVersion.objects.order_by("-number").first()
    if latest is None:
        return True
    return registry_snapshot() != latest.registry


@transaction.atomic
def cookie_save(*, cookie: Cookie) -> Cookie:
    """Save one registry entry (a cookie, storage key or pixel) to the working copy.

    Every write of an entry comes here (the admin's cookie page and the service page's rows),
    so the rule on what may be declared holds whatever the form: raises ``ValidationError``
    on ``name`` for a pattern that would reach the site's own cookies or every name, or a
    framework cookie declared optional (``consent.cookie_names.declared_name_problem``).
    What readers see changes only when a version is published, which checks again.
    """
    if cookie.name and (problem := cookie.name_problem):
        raise ValidationError({"name": problem})
    cookie.save()
    return cookie


def registry_unwritable_entries() -> list[str]:
    """Entries of the working registry the server cannot use as declared: text that would
    go into a header or the consent cookie but may not (a cookie's name, domain or path, a
    service's key), or a name or pattern that would reach the site's own cookies or every
    name (``consent.cookie_names``). The admin refuses them, so they are rows stored before
    those rules or written around the admin. Returns one line per problem, for an editor,
    e.g. ``["Cookie “_ga_*”: Give a domain name …"]``."""
    problems = []
    for cookie in Cookie.objects.order_by("name", "pk"):
        messages = []
        if not cookie.name_is_valid:
            messages.append("its name has characters a cookie name may not contain")
        elif problem := cookie.name_problem:
            messages.append(problem)
        for validate, value in (
            (validate_cookie_domain, cookie.domain),
            (validate_cookie_path, cookie.path),
        ):
            try:
                validate(value)
            except ValidationError as error:
                messages.extend(error.messages)
        if messages:
            problems.append(f"Cookie “{cookie.name}”: {' '.join(messages)}")
    for service in Service.objects.order_by("name", "pk"):
        try:
            validate_slug(service.key)
        except ValidationError:
            problems.append(
                f"Service “{service.name}”: its key may contain only letters, digits, "
                "hyphens and underscores."
            )
    return problems


@transaction.atomic
def policy_version_publish(
    *,
    banner_text: str,
    change_note: str = "",
    published_by: AbstractBaseUser | None = None,
    refuse_unwritable: bool = True,
) -> PolicyVersion:
    """Freeze the registry with this banner text as the next version. Every earlier consent
    becomes invalid, so every reader is asked again. The digest covers the banner text as
    it is stored (normalised by its field), so the two always agree.

    Raises ValueError for an empty banner text, or when an entry's name, domain, path or key
    could not be written into a header (``registry_unwritable_entries``): readers would be
    told of a cookie the server cannot delete as declared. ``refuse_unwritable=False`` is
    for a publication no editor asked for (a reader's first choice): the reader cannot
    correct the registry, and what reads it skips such values anyway (consent/registry.py).
    """
    banner_text = PolicyVersion._meta.get_field("banner_text").to_python(banner_text)
    if not banner_text:
        raise ValueError("A policy version needs its banner text.")
    if refuse_unwritable and (problems := registry_unwritable_entries()):
        raise ValueError(
            "Correct these registry entries before publishing: " + " · ".join(problems)
        )
    latest = PolicyVersion.objects.select_for_update().order_by("-number").first()
    registry = registry_snapshot()
    version = PolicyVersion.objects.create(
        number=(latest.number if latest else 0) + 1,
        banner_text=banner_text,
        change_note=change_note,
        registry=registry,
        digest=snapshot_digest(banner_text=banner_text, registry=registry),
        published_by=published_by,
    )
    # Now for this transaction's own reads, and again once committed for everyone else
    # (another request may have cached the old version in between).
    registry_invalidate()
    transaction.on_commit(registry_invalidate)
    return version


# --- Decisions ---------------------------------------------------------------------------------


def consent_record(
    *,
    consent_id: uuid.UUID,
    policy_version: PolicyVersion,
    action: str,
    surface: str,
    categories: dict[str, bool],
    services: dict[str, bool],
    language: str,
    created_at: datetime | None = None,
) -> ConsentRecord:
    """Write one append-only record of a decision."""
    if action not in Action.values:
        raise ValueError(f"Unknown consent action {action!r}.")
    if surface not in Surface.values:
        raise ValueError(f"Unknown consent surface {surface!r}.")
    return ConsentRecord.objects.create(
        consent_id=consent_id,
        policy_version=policy_version,
        action=action,
        surface=surface,
        choices={NECESSARY: True, **{key: bool(categories.get(key)) for key in OPTIONAL_KEYS}},
        services={key: bool(value) for key, value in services.items()},
        language=(language or settings.LANGUAGE_CODE)[:16],
        created_at=created_at or timezone.now(),
    )


def _chosen(
    *, registry: PublishedRegistry, action: str, categories: Iterable[str], services: Iterable[str]
) -> tuple[set[str], set[str]]:
    if action == Action.ACCEPT_ALL:
        return set(registry.offered_categories), set(registry.offered_services)
    if action in {Action.REJECT_ALL, Action.GPC}:
        return set(), set()
    chosen_services = set(services) & set(registry.offered_services)
    chosen_categories = set(categories) & set(registry.offered_categories)
    # A ticked service allows its purpose for that service; a ticked category with none of
    # its services ticked allows all of them (the no-JavaScript form shows both).
    allowed_categories = chosen_categories | {
        registry.service(key).category for key in chosen_services
    }
    allowed_services = set(chosen_services)
    for category in chosen_categories:
        in_category = set(registry.services_in(category))
        if not in_category & chosen_services:
            allowed_services |= in_category
    return allowed_categories, allowed_services


@transaction.atomic
def consent_decide(
    *,
    previous: ConsentState,
    action: str,
    surface: str,
    language: str,
    registry: PublishedRegistry | None = None,
    categories: Iterable[str] = (),
    services: Iterable[str] = (),
) -> tuple[ConsentState, ConsentRecord]:
    """Apply a visitor's decision: the new state for their cookie and its record.

    ``registry`` is the version the visitor was shown (a cached page may be a little older
    than the current one); the choice is recorded against it. A decision that turns off
    anything the visitor's current choice allowed is recorded as a withdrawal.
    """
    registry = registry or current_registry()
    if registry.version == 0:
        # A choice made before anything was published still needs a version to refer to.
        policy_version_publish(
            banner_text=registry.banner_text or DEFAULT_BANNER_TEXT,
            change_note="Published automatically with the first consent decision.",
            refuse_unwritable=False,
        )
        registry = current_registry()
    policy_version = PolicyVersion.objects.get(number=registry.version)
    allowed_categories, allowed_services = _chosen(
        registry=registry, action=action, categories=categories, services=services
    )
    if previous.is_valid and (
        previous.categories - allowed_categories or previous.services - allowed_services
    ):
        action = Action.WITHDRAW
    now = timezone.now().replace(microsecond=0)
    consent_id = previous.consent_id or uuid.uuid4()
    record = consent_record(
        consent_id=consent_id,
        policy_version=policy_version,
        action=action,
        surface=surface,
        categories={key: key in allowed_categories for key in OPTIONAL_KEYS},
        services={s.key: s.key in allowed_services for s in registry.services},
        language=language,
        created_at=now,
    )
    state = ConsentState(
        status=Status.VALID if registry.version == current_registry().version else Status.OUTDATED,
        consent_id=consent_id,
        version=registry.version,
        decided_at=now,
        categories=frozenset(allowed_categories),
        services=frozenset(allowed_services),
        gpc=previous.gpc,
    )
    return state, record


def consent_records_prune(*, now: datetime | None = None) -> int:
    """Delete records older than CONSENT_RECORD_RETENTION_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.CONSENT_RECORD_RETENTION_DAYS)
    deleted, _ = ConsentRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def consent_settings_validate(*, consent_settings: ConsentSettings) -> None:
    """Raise ``ValidationError`` on ``google_tag_id`` when a tag is named that the published
    cookie policy does not declare: readers cannot consent to what they were not told about."""
    if consent_settings.google_tag_id and not google_tag_declared():
        raise ValidationError(
            {
                "google_tag_id": "The published cookie policy does not declare the Google tag. "
                "Add a service with the key google-tag (and its cookies) to the cookie "
                "registry and publish a policy version first."
            }
        )


@transaction.atomic
def consent_settings_save(*, consent_settings: ConsentSettings) -> ConsentSettings:
    """Save the consent settings (the one row), after ``consent_settings_validate``; pages
    see a new tag ID from the next request on."""
    consent_settings_validate(consent_settings=consent_settings)
    consent_settings.pk = 1
    consent_settings.save()
    transaction.on_commit(google_tag_id_invalidate)
    return consent_settings
