"""Moderated words keyed again with the normaliser that drops default-ignorable characters
and folds look-alike and Persian letters (a key that would now clash with another word's
is left as it was)."""

from django.db import migrations


def renormalise(apps, schema_editor):
    from newsroom.text import normalise

    Word = apps.get_model("comments", "Word")
    taken = set(Word.objects.values_list("normalized", flat=True))
    for word in Word.objects.order_by("pk"):
        key = normalise(word.word)[:100]
        if key and key != word.normalized and key not in taken:
            taken.discard(word.normalized)
            taken.add(key)
            word.normalized = key
            word.save(update_fields=["normalized"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_report_per_browser_kept_after_approval")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop)]
