"""Moderated words keyed again with the normaliser that drops default-ignorable characters
and folds look-alike and Persian letters (a key that would now clash with another word's
is left as it was)."""

from django.db import migrations


def renormalise(apps, schema_editor):
    from newsroom.text import normalise

    Word = apps.get_model("comments", "Word")
    taken = set(Word.objects.values_list("normalised", flat=True))
    for word in Word.objects.order_by("pk"):
        key = normalise(word.word)[:100]
        if key and key != word.normalised and key not in taken:
            taken.discard(word.normalised)
            taken.add(key)
            word.normalised = key
            word.save(update_fields=["normalised"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_rename_word_normalized_to_normalised")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop)]
