"""The models of sitesettings, sponsors, pages, outbox and weather leave this app's migration
state; their tables stay, now theirs (see each app's 0001_initial)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lordspress", "0015_old_addresses"),
        ("outbox", "0001_initial"),
        ("pages", "0001_initial"),
        ("sitesettings", "0001_initial"),
        ("sponsors", "0001_initial"),
        ("weather", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalpage",
                    name="history_user",
                ),
                migrations.DeleteModel(
                    name="OutboundEmail",
                ),
                migrations.DeleteModel(
                    name="Page",
                ),
                migrations.DeleteModel(
                    name="SiteSettings",
                ),
                migrations.DeleteModel(
                    name="SocialLink",
                ),
                migrations.DeleteModel(
                    name="Sponsor",
                ),
                migrations.DeleteModel(
                    name="WeatherReading",
                ),
                migrations.DeleteModel(
                    name="HistoricalPage",
                ),
            ],
        ),
    ]
