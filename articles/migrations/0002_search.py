from django.db import migrations, models

INDEX = "article_search_vector_gin"


def create_gin_index(apps, schema_editor):
    # The stored vector is PostgreSQL-only; SQLite searches search_text instead.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_vector)"
    )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(create_gin_index, drop_gin_index, elidable=False),
    ]
