# Varnish 7.1 in front of the newsroom's gunicorn (Debian: varnish, varnish-modules).
#
# - Caches anonymous GET/HEAD by the app's own Cache-Control (public, max-age=60 on
#   shareable pages; private/no-store everywhere else, which Varnish passes).
# - Passes POSTs, the admin, the comment views, logged-in readers (session cookie), readers
#   with a flash message, and anything with credentials, untouched.
# - Tags each object with the app's dependency keys (the `xkey` header, vmod xkey) and
#   purges by key: `PURGE /` with `xkey-purge: story:12 thread:12`, accepted only from the
#   addresses in `acl purgers` (the app; see newsroom/cache/purge.py).
# - Says how it answered in `X-Cache` (hit/miss/pass) and keeps the keys to itself.
#
# The backend and the purgers' addresses come from backend.vcl, found on vcl_path (compose
# mounts compose-backend.vcl as /etc/varnish/backend.vcl; tests and the bench write their
# own with scripts/ci/varnish.sh).
vcl 4.1;

import xkey;

include "backend.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No keys"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }
    # Only the app may say which response is shared: nobody else sets this.
    unset req.http.X-Shared-Cache;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/([a-z]{2}/)?(admin|ckeditor5|comments|i18n)(/|$)" || req.url ~ "^/healthz") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Every other cookie (the CSRF cookie, preferences) changes nothing on a public page:
    # the page comes without tokens and the comment form fetches its own.
    unset req.http.Cookie;
    set req.http.X-Shared-Cache = "1";
    return (hash);
}

sub vcl_synth {
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.X-Purged = req.http.X-Purged;
    }
}

sub vcl_backend_response {
    # The app sends no-store/private for personal pages; keep them out of the cache.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Errors are not kept: a 404 for a story published a moment later must not stick.
    if (beresp.status != 200 && beresp.status != 301) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    unset resp.http.xkey;
    unset resp.http.X-Page-Cache;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
