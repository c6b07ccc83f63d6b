from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("story/<int:article_id>/", views.post_comment, name="post"),
    path("tokens/", views.form_tokens, name="tokens"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/report/", views.report, name="report"),
]
