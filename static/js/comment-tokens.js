/* A story page from a shared cache (Varnish, a CDN) carries its comment form with empty
   tokens: fetch this reader's own (and the CSRF cookie) before the form can be sent.
   Pages served by the app itself already have them, and this does nothing. */
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form) return;
  var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]');
  var stamp = form.querySelector('input[name="form_token"]');
  if (!csrf || csrf.value) return;
  var url = form.getAttribute("data-tokens-url");
  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (tokens) {
      csrf.value = tokens.csrfmiddlewaretoken;
      if (stamp) stamp.value = tokens.form_token;
    })
    .catch(function () {
      /* The post then fails its CSRF check and the reader is told so; nothing is lost. */
    });
})();
