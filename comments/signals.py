"""Signals other parts of the site listen to.

``comment_decided(sender=Comment, comment=..., article=...)`` is sent after the
transaction that changed which comments a story shows has committed: a
moderator's approve/reject/spam, an automatic approval of a trusted commenter,
a comment pulled back into the queue by readers' reports, and an approved
comment made or unmade an editor's pick. The page cache
listens to it to drop the story's cached pages.
"""

from django.dispatch import Signal

comment_decided = Signal()
