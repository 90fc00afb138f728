"""weather's models were the project app's (label ``lordspress``) until issue 9: their tables
stay where they are (``db_table``) and only the migration state and content types move."""

from django.db import migrations, models

import lordspress.core.fields
from lordspress.core.moves import adopt_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("lordspress", "0015_old_addresses"),
        ("contenttypes", "0002_remove_content_type_name"),
        # After the last migrations that read these models or their permissions under the
        # old label.
        ("articles", "0003_editorial_groups"),
        ("newsletter", "0012_unquoted_local_parts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WeatherReading",
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
                            "provider",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("openweathermap", "OpenWeather"),
                                    ("open-meteo", "Open-Meteo"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "location",
                            lordspress.core.fields.SingleLineField(blank=True, max_length=80),
                        ),
                        (
                            "condition",
                            lordspress.core.fields.SingleLineField(blank=True, max_length=100),
                        ),
                        (
                            "temperature_c",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                max_digits=4,
                                null=True,
                                verbose_name="temperature (°C)",
                            ),
                        ),
                        (
                            "humidity_percent",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="humidity (%)"
                            ),
                        ),
                        (
                            "wind_kmh",
                            models.DecimalField(
                                blank=True,
                                decimal_places=1,
                                max_digits=4,
                                null=True,
                                verbose_name="wind (km/h)",
                            ),
                        ),
                        (
                            "observed_at",
                            models.DateTimeField(
                                blank=True, help_text="The provider's observation time.", null=True
                            ),
                        ),
                        (
                            "fetched_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When this reading was fetched and stored.",
                                null=True,
                            ),
                        ),
                        ("last_attempt_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "last_error",
                            lordspress.core.fields.SingleLineField(blank=True, max_length=300),
                        ),
                        ("last_error_at", models.DateTimeField(blank=True, null=True)),
                        ("refresh_queued_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "weather reading",
                        "db_table": "lordspress_weatherreading",
                        "ordering": ["pk"],
                        "permissions": [("refresh_weatherreading", "Can queue a weather refresh")],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("pk", 1)), name="weather_reading_single_row"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("fetched_at__isnull", True),
                                    models.Q(
                                        models.Q(("provider", ""), _negated=True),
                                        ("temperature_c__isnull", False),
                                        ("humidity_percent__isnull", False),
                                        ("wind_kmh__isnull", False),
                                        ("observed_at__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="weather_reading_complete",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("humidity_percent__isnull", True),
                                    ("humidity_percent__lte", 100),
                                    _connector="OR",
                                ),
                                name="weather_reading_humidity_percent",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("wind_kmh__isnull", True),
                                    ("wind_kmh__gte", 0),
                                    _connector="OR",
                                ),
                                name="weather_reading_wind_not_negative",
                            ),
                        ],
                    },
                ),
            ],
        ),
        adopt_content_types(old_label="lordspress", new_label="weather", models=["weatherreading"]),
    ]
