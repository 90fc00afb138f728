"""Full-text search on PostgreSQL: a trigger keeps ``search_vector`` current on every write
(admin, history restores, scripts alike) and a GIN index serves the ranked search.
SQLite has neither and uses the plain fallback in ``ArticleQuerySet.search``."""

from django.db import migrations

FORWARD = r"""
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

CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector_update();

CREATE INDEX articles_article_search_vector_gin ON articles_article USING gin (search_vector);

UPDATE articles_article SET headline = headline;
"""

BACKWARD = """
DROP INDEX IF EXISTS articles_article_search_vector_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector_update();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
