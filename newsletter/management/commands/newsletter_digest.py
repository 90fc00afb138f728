"""The weekly digest from cron or by hand: a draft issue of the last seven days' articles,
for an editor to check, preview and send (the admin's "Draft this week's digest" does the
same)."""

from django.core.management.base import BaseCommand

from newsletter.issues import issue_digest_create


class Command(BaseCommand):
    help = "Make a draft newsletter issue of the articles published in the last seven days."

    def handle(self, *args, **options):
        issue = issue_digest_create()
        if issue is None:
            self.stdout.write("No article was published in the last seven days; no draft made.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Drafted issue {issue.pk}, “{issue.subject}”, with "
                f"{issue.articles.count()} article(s)."
            )
        )
