from django.db import migrations, models


class Migration(migrations.Migration):
    """Search: the newest matches of a common word come from this index, not a sort."""

    dependencies = [
        ("articles", "0002_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="article_recent_idx",
            ),
        ),
    ]
