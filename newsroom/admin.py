"""The desk's name in the admin, instead of Django's."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Newsroom desk")
admin.site.site_title = _("Newsroom desk")
admin.site.index_title = _("Stories, comments and the newsroom's lists")
