"""Importing readers from another list (the admin's CSV import): only readers whose consent we
can show, and credentials only for those with proof of a confirmed opt-in.

The admin reads and checks the file (``admin.ImportForm``); this takes its rows.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from lordspress.core.addresses import canonical_email
from lordspress.core.models import User
from lordspress.core.text import single_line
from lordspress.outbox.services import outbox_queue
from newsletter.models import SignupConsent, Subscriber
from newsletter.selectors import is_suppressed, privacy_policy_version
from newsletter.signup import pending_purge_schedule, subscriber_make_member


@dataclass
class ImportReport:
    imported: int = 0
    confirmed: int = 0
    skipped: int = 0
    invalid: list[str] = field(default_factory=list)


_CONSENTED = {"yes", "y", "true", "1", "confirmed"}


@transaction.atomic
def subscribers_import(*, rows: list[dict], default_provenance: str = "") -> ImportReport:
    """Import readers from another list. Importing the same file twice adds nothing.

    Every row needs a provenance (where consent was given). Rows that also carry proof of
    confirmed consent (``confirmed_consent`` yes) become members and get their credentials;
    the others are pending and get a confirmation email, never credentials. Suppressed
    addresses and addresses already known are skipped.
    """
    report = ImportReport()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        email = canonical_email(row.get("email", ""))
        provenance = single_line(row.get("provenance") or default_provenance)  # as stored
        try:  # the field's own rules: mailable, and at most 254 characters once canonical
            Subscriber._meta.get_field("email").run_validators(email)
        except ValidationError as error:
            report.invalid.append(f"line {number}: “{row.get('email', '')}” {_why(error)}")
            continue
        if not provenance:
            report.invalid.append(f"line {number}: no provenance for {email}")
            continue
        if Subscriber.objects.filter(email=email).exists() or is_suppressed(email=email):
            report.skipped += 1
            continue
        consented = (row.get("confirmed_consent") or "").strip().lower() in _CONSENTED
        newsletter = (row.get("newsletter") or "").strip().lower() in _CONSENTED
        subscriber = Subscriber.objects.create(
            email=email,
            name=(row.get("name") or "").strip()[:120],
            newsletter=newsletter,
            source=Subscriber.Source.IMPORT,
            provenance=provenance[:300],
            user=User.objects.filter(email=email).first(),
        )
        SignupConsent.objects.create(
            subscriber=subscriber,
            form=f"Import: {provenance}"[:40],
            newsletter_opt_in=newsletter,
            privacy_policy_version=privacy_policy_version(),
        )
        report.imported += 1
        if consented:
            subscriber_make_member(subscriber=subscriber)
            report.confirmed += 1
        else:
            pending_purge_schedule(subscriber=subscriber)
            outbox_queue(
                kind="newsletter.confirmation",
                to=email,
                context={"subscriber_id": subscriber.pk},
            )
    return report


def _why(error: ValidationError) -> str:
    """Why an address cannot be imported, in the staff's words."""
    codes = {item.code for item in error.error_list}
    if "undeliverable" in codes:
        return "is not an address we can mail (an IP address or a local or private network name)"
    if "local_part" in codes:
        return "has quotation marks, spaces or control characters before the @"
    if codes == {"max_length"}:
        return "is longer than an email address can be (254 characters)"
    return "is not an email address"
