/*
 * The edit window, held by this browser. The thank-you message after posting carries the
 * comment's signed edit link; it is kept in local storage until the window closes, so the
 * comment shows an "Edit" link on the story page (once published) for as long as it may
 * be changed, even after a reload. Nothing here is trusted: the server checks the
 * signature and the time again.
 */
(function () {
  "use strict";

  var KEY = "newsroom-comment-edits";

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }

  function save(links) {
    try { window.localStorage.setItem(KEY, JSON.stringify(links)); } catch (e) { /* private mode */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var links = load();
    var now = Date.now();
    Object.keys(links).forEach(function (pk) {
      if (!(links[pk].until > now)) delete links[pk];
    });
    document.querySelectorAll("a.comment-edit-link[data-comment]").forEach(function (a) {
      links[a.getAttribute("data-comment")] = {
        url: a.getAttribute("href"),
        until: parseInt(a.getAttribute("data-until"), 10)
      };
    });
    save(links);
    var section = document.getElementById("comments");
    var label = (section && section.getAttribute("data-edit-label")) || "Edit";
    Object.keys(links).forEach(function (pk) {
      var actions = document.querySelector("#comment-" + pk + " > .comment-actions");
      if (!actions || actions.querySelector(".comment-edit")) return;
      var edit = document.createElement("a");
      edit.className = "comment-edit";
      edit.href = links[pk].url;
      edit.rel = "nofollow";
      edit.textContent = label;
      actions.appendChild(edit);
      window.setTimeout(function () { edit.remove(); }, links[pk].until - now);
    });
  });
})();
