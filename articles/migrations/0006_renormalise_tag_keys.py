"""Tags keyed again with the normaliser that drops default-ignorable characters and folds
look-alike and Persian letters (a key that would now clash with another tag's is left as
it was: the two stay separate until an editor merges them)."""

from django.db import migrations


def renormalise(apps, schema_editor):
    from newsroom.text import normalise

    Tag = apps.get_model("articles", "Tag")
    taken = set(Tag.objects.values_list("normalised", flat=True))
    for tag in Tag.objects.order_by("pk"):
        key = normalise(tag.name)[:100]
        if key and key != tag.normalised and key not in taken:
            taken.discard(tag.normalised)
            taken.add(key)
            tag.normalised = key
            tag.save(update_fields=["normalised"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_rename_tag_normalized_to_normalised")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop)]
