from django.db import migrations


class Migration(migrations.Migration):
    """The tag's stored search form is spelled like ``newsroom.text.normalise``."""

    dependencies = [("articles", "0004_listing_indexes")]

    operations = [
        migrations.RenameField(model_name="tag", old_name="normalized", new_name="normalised"),
    ]
