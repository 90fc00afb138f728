"""A second stored vector on PostgreSQL: what anyone may read of a members-only article.

``public_search_vector`` holds the headline (weight A) and the standfirst (B), never the body.
Search matches and ranks members-only articles on it for readers who may not see their text
(issue 8: words after the cut must not move a hidden article), and its GIN index serves that
match without computing a vector per row at query time. The trigger of migration 0002 now
fills both vectors on every write (admin, history restores, scripts alike); existing rows are
filled by touching them once. SQLite keeps the column empty and uses the plain fallback.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION articles_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.public_search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.headline, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.standfirst, '')), 'B');
    NEW.search_vector :=
        NEW.public_search_vector ||
        setweight(to_tsvector('pg_catalog.english',
                  regexp_replace(coalesce(NEW.body, ''), '<[^>]*>', ' ', 'g')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

FORWARD = (
    FUNCTION
    + """
CREATE INDEX articles_article_public_search_vector_gin
    ON articles_article USING gin (public_search_vector);
UPDATE articles_article SET headline = headline;
"""
)

# The function as migration 0002 wrote it.
BACKWARD = r"""
DROP INDEX IF EXISTS articles_article_public_search_vector_gin;
CREATE OR REPLACE FUNCTION articles_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.headline, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.standfirst, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.english',
                  regexp_replace(coalesce(NEW.body, ''), '<[^>]*>', ' ', 'g')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_editorial_date_range")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="public_search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
