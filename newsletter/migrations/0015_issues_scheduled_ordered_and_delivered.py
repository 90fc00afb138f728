"""Issue 11: an issue gets a preheader, a rich-text introduction, an ordered list of articles,
a schedule (``send_at``) and the statuses draft → scheduled → sending → sent / sent with
failures; each reader's copy becomes a ``Delivery`` (one per issue and reader, held by a
unique constraint); provider reports are kept as ``FeedbackEvent``; suppressions say their
source.

Existing data is kept: plain-text introductions become paragraphs of HTML; an issue that was
queued is scheduled for the time it was queued (the worker sends it), one handed to the
outbox is sent; each issue keeps its articles, in the order they were added; every copy of
an issue the outbox had sent, failed or cancelled becomes a delivery with that outcome, so
the issue's figures stay; suppressions get the source their fields imply.
"""

from html import escape

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import lordspress.core.fields


def statuses_forward(apps, schema_editor):
    Issue = apps.get_model("newsletter", "NewsletterIssue")
    for issue in Issue.objects.filter(status="queued"):
        issue.status = "scheduled"
        issue.send_at = issue.queued_at or issue.created_at
        issue.save(update_fields=["status", "send_at"])


def statuses_backward(apps, schema_editor):
    Issue = apps.get_model("newsletter", "NewsletterIssue")
    Issue.objects.filter(status__in=["scheduled", "sending"]).update(status="queued")
    Issue.objects.filter(status="failures").update(status="sent")


def introductions_as_html(apps, schema_editor):
    """Plain text (paragraphs split by a blank line, lines by a line break), as the old
    email printed it, written as the HTML the rich-text field keeps."""
    Issue = apps.get_model("newsletter", "NewsletterIssue")
    for pk, text in Issue.objects.exclude(introduction="").values_list("pk", "introduction"):
        if text.lstrip().startswith("<"):
            continue
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        html = "".join(
            "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
        )
        Issue.objects.filter(pk=pk).update(introduction=html)


def articles_in_order(apps, schema_editor):
    """Each issue's articles, in the order they were added, as positions 1, 2, 3…."""
    IssueArticle = apps.get_model("newsletter", "IssueArticle")
    position = {}
    for row in IssueArticle.objects.order_by("pk"):
        position[row.issue_id] = position.get(row.issue_id, 0) + 1
        IssueArticle.objects.filter(pk=row.pk).update(position=position[row.issue_id])


OUTBOX_TO_DELIVERY = {"sent": "sent", "failed": "failed", "cancelled": "skipped"}


def deliveries_from_the_outbox(apps, schema_editor):
    """Every reader's copy the outbox sent, failed or cancelled becomes a delivery with that
    outcome (proofs to staff were never deliveries). Copies still waiting stay with the
    outbox, which sends them as before."""
    OutboundEmail = apps.get_model("outbox", "OutboundEmail")
    Delivery = apps.get_model("newsletter", "Delivery")
    Issue = apps.get_model("newsletter", "NewsletterIssue")
    Subscriber = apps.get_model("newsletter", "Subscriber")
    issues = set(Issue.objects.values_list("pk", flat=True))
    subscribers = set(Subscriber.objects.values_list("pk", flat=True))
    rows, seen = [], set()
    emails = OutboundEmail.objects.filter(
        kind="newsletter.issue", status__in=list(OUTBOX_TO_DELIVERY)
    ).order_by("pk")
    for email in emails.iterator():
        context = email.context or {}
        if context.get("test"):
            continue
        issue_id, subscriber_id = context.get("issue_id"), context.get("subscriber_id")
        if issue_id not in issues:
            continue
        subscriber_id = subscriber_id if subscriber_id in subscribers else None
        if subscriber_id is not None:
            if (issue_id, subscriber_id) in seen:
                continue
            seen.add((issue_id, subscriber_id))
        rows.append(
            Delivery(
                issue_id=issue_id,
                subscriber_id=subscriber_id,
                status=OUTBOX_TO_DELIVERY[email.status],
                attempts=email.attempts,
                message_id=email.message_id or None,
                last_error=email.last_error,
                created_at=email.created_at,
                sent_at=email.sent_at,
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=500)
    for issue in Issue.objects.filter(status="sent"):
        if Delivery.objects.filter(issue_id=issue.pk, status="failed").exists():
            issue.status = "failures"
            issue.save(update_fields=["status"])


def suppression_sources(apps, schema_editor):
    Suppression = apps.get_model("newsletter", "Suppression")
    Suppression.objects.filter(reason="deleted").update(source="account deleted")
    Suppression.objects.exclude(reason="deleted").filter(created_by__isnull=False).update(
        source="staff"
    )
    Suppression.objects.filter(reason="bounce", created_by__isnull=True).update(
        source="mail server"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_editorial_times_whole_seconds"),
        ("newsletter", "0014_issue_date_whole_seconds"),
        ("outbox", "0002_queued_tasks_follow_the_move"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsletterissue",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="newsletterissue",
            name="preheader",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="The line mail readers show after the subject in the inbox; hidden in the email itself. About 40 to 130 characters.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="newsletterissue",
            name="send_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When a scheduled issue starts going out (London time).",
                null=True,
                verbose_name="send at",
            ),
        ),
        migrations.AddField(
            model_name="newsletterissue",
            name="send_token",
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name="suppression",
            name="source",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="What told us: staff, the mail server's refusal, a mail provider's report (e.g. “webhook: mailgun”), an import, or the account's deletion.",
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="newsletterissue",
            name="introduction",
            field=lordspress.core.fields.SanitizedRichTextField(
                blank=True, help_text="Opens the email. Cleaned exactly as article bodies are."
            ),
        ),
        migrations.AlterField(
            model_name="newsletterissue",
            name="prepared_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.AlterField(
            model_name="newsletterissue",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="scheduled at"),
        ),
        migrations.RunPython(statuses_forward, statuses_backward),
        migrations.RunPython(introductions_as_html, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="newsletterissue",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("scheduled", "Scheduled"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failures", "Sent with failures"),
                ],
                default="draft",
                max_length=10,
            ),
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("claimed", "Being sent"),
                            ("sending", "Handed to the mail server"),
                            ("sent", "Sent"),
                            ("failed", "Failed"),
                            ("skipped", "Skipped"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("claimed_by", models.CharField(blank=True, max_length=32)),
                ("lease_until", models.DateTimeField(blank=True, null=True)),
                (
                    "message_id",
                    models.CharField(blank=True, max_length=250, null=True, unique=True),
                ),
                ("last_error", lordspress.core.fields.PlainTextField(blank=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "issue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="newsletter.newsletterissue",
                    ),
                ),
                (
                    "subscriber",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="deliveries",
                        to="newsletter.subscriber",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "deliveries",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="FeedbackEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("bounce", "Hard bounce"),
                            ("soft_bounce", "Soft bounce"),
                            ("complaint", "Spam complaint"),
                            ("unsubscribe", "Unsubscribed at the provider"),
                        ],
                        max_length=12,
                    ),
                ),
                ("email_hash", models.CharField(max_length=64)),
                ("esp", models.CharField(max_length=40, verbose_name="provider")),
                ("event_id", models.CharField(blank=True, max_length=200)),
                ("message_id", models.CharField(blank=True, max_length=250)),
                ("description", lordspress.core.fields.SingleLineField(blank=True, max_length=300)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "delivery",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="feedback",
                        to="newsletter.delivery",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        # The many-to-many table the issue's articles were in becomes the through model, in
        # place (Django's recipe for adding a through model): its rows and ids stay, it
        # gains a position.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IssueArticle",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="newsletter_entries",
                                to="articles.article",
                            ),
                        ),
                        (
                            "issue",
                            models.ForeignKey(
                                db_column="newsletterissue_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entries",
                                to="newsletter.newsletterissue",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "article in the issue",
                        "verbose_name_plural": "articles in the issue",
                        "ordering": ["position", "pk"],
                        "db_table": "newsletter_newsletterissue_articles",
                        "unique_together": {("issue", "article")},
                    },
                ),
                migrations.AlterField(
                    model_name="newsletterissue",
                    name="articles",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Only published articles are included; members-only text "
                        "never is.",
                        related_name="newsletter_issues",
                        through="newsletter.IssueArticle",
                        to="articles.article",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="issuearticle",
            name="position",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(articles_in_order, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="newsletterissue",
            index=models.Index(fields=["status", "send_at"], name="issue_status_send_at"),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(fields=["issue", "status", "next_attempt_at"], name="delivery_due"),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                fields=("issue", "subscriber"), name="delivery_one_per_issue_and_reader"
            ),
        ),
        migrations.AddIndex(
            model_name="feedbackevent",
            index=models.Index(fields=["email_hash", "kind", "created_at"], name="feedback_by"),
        ),
        migrations.AddConstraint(
            model_name="feedbackevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("event_id", ""), _negated=True),
                fields=("esp", "event_id"),
                name="feedback_event_once",
            ),
        ),
        migrations.RunPython(deliveries_from_the_outbox, migrations.RunPython.noop),
        migrations.RunPython(suppression_sources, migrations.RunPython.noop),
    ]
