"""Authentication backends for the test settings only."""

from axes.backends import AxesStandaloneBackend


class AxesBackendForTestClient(AxesStandaloneBackend):
    """django-axes' throttling backend, letting the test client's ``login()`` through.

    ``Client.login()`` authenticates without a request, which django-axes refuses;
    no such call can come from the network. Web logins in tests carry a request
    and are throttled as in production.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
