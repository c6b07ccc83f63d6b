class UnicodeSlugConverter:
    """Like Django's ``slug`` converter, but for Unicode (Arabic) slugs.

    Django's own matches ASCII only; ``reverse()`` percent-encodes these.
    """

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
