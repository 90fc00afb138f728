"""Proof of consent: records read-only in the admin, exportable by date, findable by consent
ID, pruned after the retention period; policy versions published by editors and frozen."""

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consent.models import Category, ConsentRecord, Cookie, PolicyVersion, Service
from consent.registry import current_registry
from consent.services import (
    consent_records_prune,
    policy_version_publish,
    registry_has_unpublished_changes,
    registry_snapshot,
)
from tests.consent_support import choose
from tests.journal import build_journal

CHANGELIST = "/admin/consent/consentrecord/"
EXPORT = "/admin/consent/consentrecord/export/"


def _decide_on(day: datetime, action: str = "accept_all") -> ConsentRecord:
    with time_machine.travel(day, tick=False):
        choose(Client(), action)
    return ConsentRecord.objects.order_by("-id").first()


@pytest.fixture
def records(db):
    return [
        _decide_on(datetime(2026, 3, 1, 10, tzinfo=UTC), "accept_all"),
        _decide_on(datetime(2026, 3, 2, 23, 59, tzinfo=UTC), "reject_all"),
        _decide_on(datetime(2026, 3, 4, 0, 1, tzinfo=UTC), "accept_all"),
    ]


# --- The admin ----------------------------------------------------------------------------


def test_records_are_read_only_for_everyone_even_a_superuser(admin_client, records):
    record = records[0]
    assert admin_client.get(CHANGELIST).status_code == 200
    change = admin_client.get(f"{CHANGELIST}{record.pk}/change/")
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_client.get(f"{CHANGELIST}{record.pk}/delete/").status_code == 403
    response = admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [record.pk]}
    )
    assert ConsentRecord.objects.count() == 3, response.status_code
    assert admin_client.post(f"{CHANGELIST}{record.pk}/change/", {}).status_code == 403


def test_a_record_cannot_be_rewritten(records):
    record = records[0]
    record.action = ConsentRecord.Action.REJECT_ALL
    with pytest.raises(ValueError, match="append-only"):
        record.save()


def test_editors_can_read_and_export_records(editor_client, records):
    assert editor_client.get(CHANGELIST).status_code == 200
    assert editor_client.get(EXPORT, {"format": "csv"}).status_code == 200


def test_writers_cannot_see_records(writer_client, records):
    assert writer_client.get(CHANGELIST).status_code == 403
    assert writer_client.get(EXPORT, {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("form", ["hex", "dashed", "upper"])
def test_records_are_found_by_consent_id(admin_client, records, form):
    wanted = records[1].consent_id
    term = {"hex": wanted.hex, "dashed": str(wanted), "upper": str(wanted).upper()}[form]
    response = admin_client.get(CHANGELIST, {"q": term})
    assert list(response.context["cl"].result_list) == [records[1]]


@pytest.mark.parametrize("term", ["not-an-id", "'; DROP TABLE x; --", "1" * 500])
def test_a_search_for_nonsense_finds_nothing_calmly(admin_client, records, term):
    response = admin_client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


# --- Export -------------------------------------------------------------------------------


def test_csv_export_by_date_range(admin_client, records):
    response = admin_client.get(
        EXPORT, {"start": "2026-03-02", "end": "2026-03-03", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["consent_id"] for row in rows] == [str(records[1].consent_id)]
    row = rows[0]
    assert row["action"] == "reject_all"
    assert row["surface"] == "banner"
    assert row["time_utc"] == "2026-03-02T23:59:00+00:00"
    assert row["policy_version"] == "1"
    assert row["analytics"] == "no" and row["necessary"] == "yes"
    assert row["services_refused"] == "lp-reading-stats"
    assert row["language"] == "en-gb"


def test_json_export_and_open_ranges(admin_client, records):
    response = admin_client.get(EXPORT, {"start": "2026-03-02", "format": "json"})
    data = json.loads(b"".join(response.streaming_content))
    assert [d["consent_id"] for d in data] == [str(r.consent_id) for r in records[1:]]
    assert data[1]["choices"]["analytics"] is True
    assert data[1]["policy_digest"] == PolicyVersion.objects.get(number=1).digest
    everything = json.loads(
        b"".join(admin_client.get(EXPORT, {"format": "json"}).streaming_content)
    )
    assert len(everything) == 3


def test_the_export_form_explains_bad_dates(admin_client, records):
    page = admin_client.get(EXPORT)
    assert page.status_code == 200 and b"Download" in page.content
    response = admin_client.get(EXPORT, {"start": "2026-03-05", "end": "2026-03-01"})
    assert response.status_code == 200
    assert "must not be after" in response.content.decode()
    response = admin_client.get(EXPORT, {"start": "yesterday", "format": "csv"})
    assert response.status_code == 200
    assert b"Enter a valid date" in response.content


def test_the_export_command(records, tmp_path):
    out = io.StringIO()
    call_command("export_consent_records", "--from", "2026-03-01", "--to", "2026-03-01", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2 and str(records[0].consent_id) in lines[1]
    target = tmp_path / "records.json"
    call_command(
        "export_consent_records",
        "--format",
        "json",
        "--consent-id",
        records[2].consent_id.hex,
        "--output",
        str(target),
    )
    assert [d["consent_id"] for d in json.loads(target.read_text())] == [str(records[2].consent_id)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "1st March"], "is not a date"),
        (["--from", "2026-03-05", "--to", "2026-03-01"], "must not be after"),
        (["--consent-id", "nope"], "is not a consent ID"),
        (["--output", "/no/such/folder/x.csv"], "Cannot write"),
    ],
)
def test_the_export_command_explains_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_consent_records", *args, stdout=io.StringIO())


# --- Retention -----------------------------------------------------------------------------


def test_records_older_than_the_retention_period_are_deleted(records, settings):
    settings.CONSENT_RECORD_RETENTION_DAYS = 400
    now = datetime(2026, 3, 1, 10, tzinfo=UTC) + timedelta(days=400, hours=12)
    with time_machine.travel(now, tick=False):
        out = io.StringIO()
        call_command("prune_consent_records", "--dry-run", stdout=out)
        assert "1 consent record(s) are older than 400 days" in out.getvalue()
        assert ConsentRecord.objects.count() == 3
        call_command("prune_consent_records", stdout=out)
    assert "Deleted 1 consent record(s)" in out.getvalue()
    assert records[0].pk not in ConsentRecord.objects.values_list("pk", flat=True)
    assert ConsentRecord.objects.count() == 2
    assert consent_records_prune(now=now) == 0
    assert PolicyVersion.objects.filter(number=1).exists()


# --- Policy versions ---------------------------------------------------------------------


def test_the_migrated_registry_is_published_as_version_one(db):
    version = PolicyVersion.objects.get()
    assert version.number == 1
    assert version.registry == registry_snapshot()
    assert not registry_has_unpublished_changes()
    assert current_registry().version == 1
    names = {c["name"] for c in version.registry["cookies"] if c["category"] == "necessary"}
    assert names == {"sessionid", "csrftoken", "messages", "lp_consent", "lp_signed_in"}
    assert all(
        c["justification"] for c in version.registry["cookies"] if c["category"] == "necessary"
    )


def test_an_editor_publishes_a_version_and_the_banner_returns(editor_client, editor):
    client = Client()
    choose(client, "accept_all")
    page = editor_client.get("/admin/consent/policyversion/add/")
    assert page.status_code == 200
    assert "lp_demo_stats" in page.content.decode()  # the registry about to be frozen
    response = editor_client.post(
        "/admin/consent/policyversion/add/",
        {"banner_text": "New wording.", "change_note": "Added a service.", "confirm": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = PolicyVersion.objects.get(number=2)
    assert version.published_by == editor
    assert version.banner_text == "New wording."
    assert len(version.digest) == 64
    assert '"version": 2' in client.get("/").content.decode()
    assert "Our cookie policy has changed" in client.get("/cookies/settings/").content.decode()
    # Published versions are never changed or deleted.
    change = f"/admin/consent/policyversion/{version.pk}/change/"
    assert editor_client.post(change, {"banner_text": "Rewritten"}).status_code == 403
    assert (
        editor_client.get(f"/admin/consent/policyversion/{version.pk}/delete/").status_code == 403
    )


def test_publishing_needs_a_confirmation_and_a_text(editor_client):
    response = editor_client.post(
        "/admin/consent/policyversion/add/", {"banner_text": "", "change_note": ""}
    )
    assert response.status_code == 200
    assert PolicyVersion.objects.count() == 1
    assert response.context["adminform"].form.errors.keys() == {"banner_text", "confirm"}


def test_registry_edits_wait_for_the_next_version(editor_client):
    journal = build_journal(articles=1, with_images=False)
    policy = journal.pages[2].get_absolute_url()
    response = editor_client.post(
        "/admin/consent/service/add/",
        {
            "key": "video-host",
            "name": "Video host",
            "category": "marketing",
            "provider": "Example Video Ltd",
            "party": "third",
            "purpose": "Plays embedded videos.",
            "privacy_url": "",
            "script": "",
            "order": 0,
            "cookies-TOTAL_FORMS": "1",
            "cookies-INITIAL_FORMS": "0",
            "cookies-0-name": "VISITOR_INFO",
            "cookies-0-kind": "cookie",
            "cookies-0-category": "marketing",
            "cookies-0-provider": "Example Video Ltd",
            "cookies-0-party": "third",
            "cookies-0-purpose": "Remembers video settings.",
            "cookies-0-duration": "6 months",
            "cookies-0-path": "/",
        },
    )
    assert response.status_code == 302
    assert Service.objects.filter(key="video-host").exists()
    anonymous = Client()
    assert "VISITOR_INFO" not in anonymous.get(policy).content.decode()
    assert registry_has_unpublished_changes()
    changelist = editor_client.get("/admin/consent/service/")
    assert "Changes here take effect when you publish" in changelist.content.decode()

    policy_version_publish(banner_text="Now with videos.")
    html = anonymous.get(policy).content.decode()
    assert "VISITOR_INFO" in html and "Example Video Ltd" in html
    assert "Marketing" in html.split('id="consent-dialog"')[1]  # now offered in the dialog


def test_the_cookie_policy_page_shows_the_registry_table_without_javascript(client, db):
    journal = build_journal(articles=1, with_images=False)
    html = client.get("/cookie-policy/").content.decode()
    table = html.split('class="cookie-table"')[1]
    for heading in ("Name", "Provider", "Purpose", "Category", "Duration", "Type"):
        assert f'<th scope="col">{heading}</th>' in table
    for name in ("sessionid", "csrftoken", "lp_consent", "lp_demo_stats", "lp_demo_stats_pages"):
        assert f"<code>{name}</code>" in table
    assert "Why it is necessary:" in table
    assert "version 1 of our cookie policy" in table
    assert "Local storage, first party" in table
    # Other pages have no table.
    other = client.get(journal.pages[0].get_absolute_url()).content.decode()
    assert 'class="cookie-table"' not in other


# --- Registry rules ----------------------------------------------------------------------


def test_a_strictly_necessary_entry_needs_a_justification(db):
    with pytest.raises(IntegrityError):
        Cookie.objects.create(
            name="tracker",
            category_id="necessary",
            provider="X",
            purpose="Y",
            duration="1 day",
        )


def test_the_admin_explains_registry_mistakes(admin_client):
    response = admin_client.post(
        "/admin/consent/cookie/add/",
        {
            "name": "has space",
            "kind": "cookie",
            "category": "necessary",
            "service": Service.objects.get(key="lp-reading-stats").pk,
            "provider": "Us",
            "party": "first",
            "purpose": "Something",
            "duration": "1 day",
            "justification": "",
            "domain": "",
            "path": "archive",
            "order": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"name", "justification", "category", "path"}
    response = admin_client.post(
        "/admin/consent/service/add/",
        {
            "key": "gated",
            "name": "Gated",
            "category": "analytics",
            "provider": "Us",
            "party": "first",
            "purpose": "P",
            "script": "js/not-there.js",
            "order": 0,
            "cookies-TOTAL_FORMS": "0",
            "cookies-INITIAL_FORMS": "0",
        },
    )
    assert "There is no static file js/not-there.js" in response.content.decode()


def test_the_four_categories_cannot_be_added_or_deleted(admin_client):
    assert admin_client.get("/admin/consent/category/add/").status_code == 403
    assert admin_client.get("/admin/consent/category/analytics/delete/").status_code == 403
    assert Category.objects.count() == 4


# --- Google tag ------------------------------------------------------------------------------


def _google_service():
    service = Service.objects.create(
        key="google-tag",
        name="Google Analytics",
        category_id="analytics",
        provider="Google",
        party="third",
        purpose="Statistics about visits.",
    )
    Cookie.objects.create(
        name="_ga*",
        category_id="analytics",
        service=service,
        provider="Google",
        purpose="Distinguishes visitors.",
        duration="13 months",
    )


def test_a_google_tag_is_gated_behind_consent_mode_defaults(
    client, db, django_capture_on_commit_callbacks
):
    from consent.models import ConsentSettings
    from consent.services import consent_settings_save

    tag = ConsentSettings.load()
    tag.google_tag_id = "G-TEST12345"
    with pytest.raises(Exception, match="does not declare the Google tag"):
        consent_settings_save(consent_settings=tag)
    assert not ConsentSettings.objects.exists()
    _google_service()
    policy_version_publish(banner_text="With Google.")
    tag.full_clean()
    with django_capture_on_commit_callbacks(execute=True):
        consent_settings_save(consent_settings=tag)

    response = client.get("/")
    html = response.content.decode()
    config = json.loads(
        html.split('<script id="consent-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["google"]["id"] == "G-TEST12345"
    assert set(config["google"]["signals"]) == {
        "ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
        "functionality_storage", "personalization_storage", "security_storage",
    }  # fmt: skip
    gated = (
        '<script type="text/plain" data-consent="analytics" data-service="google-tag" '
        'data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST12345">'
    )
    assert gated in html
    # The defaults are set by consent-early.js, which comes before any Google code.
    assert html.index("js/consent-early.js") < html.index("googletagmanager")
    assert "https://www.googletagmanager.com" in response["Content-Security-Policy"]
    assert not response.cookies


def test_without_a_google_tag_the_policy_admits_no_google_host(client, db):
    response = client.get("/")
    assert "google" not in response["Content-Security-Policy"]
    assert "googletagmanager" not in response.content.decode()


def test_consent_ids_are_random_and_unguessable(db):
    ids = set()
    for _ in range(5):
        client = Client()
        choose(client, "reject_all")
        ids.add(ConsentRecord.objects.order_by("-id").first().consent_id)
    assert len(ids) == 5
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)


def test_records_are_stored_in_utc(db):
    record = _decide_on(datetime(2026, 7, 1, 12, tzinfo=UTC))  # British Summer Time
    assert record.created_at == datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert timezone.is_aware(record.created_at)


def test_admin_screens_link_the_export(admin_client, records):
    html = admin_client.get(CHANGELIST).content.decode()
    assert reverse("admin:consent_consentrecord_export") in html


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CONSENT_LIFETIME_MONTHS": "14"}, "for at most 13 months"),
        ({"CONSENT_LIFETIME_MONTHS": "six"}, "CONSENT_LIFETIME_MONTHS='six' is not a whole"),
        ({"CONSENT_LIFETIME_MONTHS": "0"}, "CONSENT_LIFETIME_MONTHS=0 must be at least 1"),
        ({"CONSENT_RECORD_RETENTION_DAYS": "30"}, "is shorter than a choice lasts"),
    ],
)
def test_consent_settings_are_checked_at_start(env, message):
    from tests.test_configuration import _manage

    result = _manage("check", DEBUG="1", **env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_service_page_explains_a_cookie_row_made_strictly_necessary(editor_client):
    """The row's justification and category errors come from ``Cookie.clean()``; the inline
    lacked the justification field, so Django could not attach the error: a 500."""
    from tests.admin_forms import form_post_data

    service = Service.objects.get(key="lp-reading-stats")
    url = f"/admin/consent/service/{service.pk}/change/"
    data = form_post_data(editor_client.get(url).content, form_id="service_form")
    data["cookies-0-category"] = "necessary"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Say why the site cannot work without it" in text
    assert "belongs to Analytics" in text


def test_editors_set_the_google_tag_in_the_consent_settings_and_are_told_what_is_missing(
    editor_client, django_capture_on_commit_callbacks
):
    """The tag ID is consent's setting (issue 9); editors, who set it in the site settings
    before, set it here, and an undeclared tag is refused on its field."""
    from consent.google import google_tag_id

    url = "/admin/consent/consentsettings/1/change/"
    assert editor_client.get("/admin/consent/consentsettings/").url == url
    refused = editor_client.post(url, {"google_tag_id": "G-TEST12345"})
    assert refused.status_code == 200
    assert "does not declare the Google tag" in refused.content.decode()
    assert google_tag_id() == ""

    _google_service()
    policy_version_publish(banner_text="With Google.")
    with django_capture_on_commit_callbacks(execute=True):
        saved = editor_client.post(url, {"google_tag_id": "G-TEST12345"})
    assert saved.status_code == 302
    assert google_tag_id() == "G-TEST12345"  # the next page sees it
    assert (
        "G-TEST12345"
        not in editor_client.get("/admin/sitesettings/sitesettings/1/change/").content.decode()
    )
