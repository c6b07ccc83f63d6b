from django.urls import path, register_converter

from . import feeds, live_views, mostread, search_views, views
from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("section/<uslug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<uslug:slug>/", views.AuthorView.as_view(), name="author"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearView.as_view(), name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.MonthView.as_view(), name="archive-month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.DayView.as_view(), name="archive-day"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("feed/", feeds.LatestStoriesFeed(), name="feed"),
    path("search/", search_views.search, name="search"),
    path("read/<int:pk>/", mostread.beacon, name="read"),
    path("section/<uslug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("live/<int:pk>/updates/", live_views.updates, name="live-updates"),
    path("live/<int:pk>/feed/", live_views.LiveUpdatesFeed(), name="live-feed"),
]
