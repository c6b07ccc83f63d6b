"""Tags stored with a trailing Arabic comma («سياسة،») before the desk understood «،».

Each damaged tag is merged into the clean tag of the same normalised name when one exists
(its stories move over, the damaged tag goes), and is otherwise renamed in place (its
address, the slug, stays as it was).
"""

from django.db import migrations

from articles.tagparse import clean_tag_name
from newsroom.text import normalise

DAMAGE = ("،", "؛", ",", ";")


def repair(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    damaged = [
        tag
        for tag in Tag.objects.all()
        if tag.name != clean_tag_name(tag.name) or any(mark in tag.name for mark in DAMAGE)
    ]
    for tag in damaged:
        name = clean_tag_name(tag.name)
        if not name or any(mark in name for mark in DAMAGE):
            continue  # a deliberate name holding a comma, or nothing left: leave it
        key = normalise(name)[:100]
        clean = Tag.objects.filter(normalised=key).exclude(pk=tag.pk).first()
        if clean is None:
            tag.name = name
            tag.normalised = key
            tag.save(update_fields=["name", "normalised"])
            continue
        already = set(
            TaggedArticle.objects.filter(tag=clean).values_list("content_object_id", flat=True)
        )
        for item in TaggedArticle.objects.filter(tag=tag):
            if item.content_object_id in already:
                item.delete()
            else:
                item.tag = clean
                item.save(update_fields=["tag"])
        tag.delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_breaking_news_until")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
