from django.db import migrations, models


class Migration(migrations.Migration):
    """The moderated word's stored form is spelled like ``newsroom.text.normalise``."""

    dependencies = [("comments", "0004_report_per_browser_kept_after_approval")]

    operations = [
        migrations.RemoveConstraint(model_name="word", name="unique_moderated_word"),
        migrations.RenameField(model_name="word", old_name="normalized", new_name="normalised"),
        migrations.AlterModelOptions(
            name="word",
            options={
                "ordering": ["kind", "normalised"],
                "verbose_name": "moderated word",
                "verbose_name_plural": "moderated words",
            },
        ),
        migrations.AddConstraint(
            model_name="word",
            constraint=models.UniqueConstraint(fields=("normalised",), name="unique_moderated_word"),
        ),
    ]
