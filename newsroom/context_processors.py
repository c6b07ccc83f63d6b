from django.conf import settings
from django.utils.translation import get_language


def newsroom(request):
    lang = (get_language() or settings.LANGUAGE_CODE)[:2]
    return {
        "NEWSROOM_NAME": settings.NEWSROOM_NAME.get(lang, settings.NEWSROOM_NAME["en"]),
        "NEWSROOM_CITY": settings.NEWSROOM_CITY.get(lang, settings.NEWSROOM_CITY["en"]),
    }
