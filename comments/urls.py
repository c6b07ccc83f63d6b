from django.urls import path

from . import confirmation, editing, likes, mine, replies, views

app_name = "comments"
urlpatterns = [
    path("story/<int:article_id>/", views.post_comment, name="post"),
    path("story/<int:article_id>/likes/", likes.counts_view, name="likes"),
    path("tokens/", views.form_tokens, name="tokens"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/like/", likes.like_view, name="like"),
    path("confirm/<str:token>/", confirmation.confirm_view, name="confirm"),
    path("unsubscribe/<str:token>/", replies.unsubscribe_view, name="unsubscribe"),
    path("edit/<str:token>/", editing.edit_view, name="edit"),
    path("edit/<str:token>/withdraw/", editing.withdraw_view, name="withdraw"),
    path("mine/", mine.ask_view, name="mine"),
    path("mine/<str:token>/", mine.list_view, name="mine_list"),
    path("mine/<str:token>/download/", mine.download_view, name="mine_download"),
    path("mine/<str:token>/delete/", mine.delete_view, name="mine_delete"),
]
