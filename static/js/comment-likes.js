/*
 * Likes and sorting on a story's comments. The story page may come from a cache, so it
 * carries no counts: they come from the comments' own "likes" address (never cached by
 * HTTP), with a CSRF token for liking. Which comments this browser liked is kept here, in
 * local storage (the server counts one like per browser whatever this says). The thread is
 * then sorted by the reader's choice (oldest, newest, most liked), remembered in this
 * browser; editor's picks stay first and replies stay under their comment in order.
 */
(function () {
  "use strict";

  var SORT_KEY = "newsroom-comment-sort";
  var LIKED_KEY = "newsroom-comment-liked";

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("comments");
    var list = section && section.querySelector(".comment-list");
    if (!section || !list) return;
    var url = section.getAttribute("data-likes-url");
    var select = document.getElementById("comment-sort");
    var csrf = "";
    var counts = {};
    var liked = {};
    try {
      (JSON.parse(stored(LIKED_KEY) || "[]") || []).forEach(function (pk) { liked[pk] = true; });
    } catch (e) { /* a damaged entry: start again */ }

    function idOf(item) {
      return item.id.replace("comment-", "");
    }

    function countOf(item) {
      return counts[idOf(item)] || 0;
    }

    function timeOf(item) {
      var time = item.querySelector(":scope > .comment-meta > time");
      return time ? Date.parse(time.getAttribute("datetime")) : 0;
    }

    function sortThread(order) {
      var items = Array.prototype.filter.call(list.children, function (li) {
        return li.matches("li.comment");
      });
      items.sort(function (a, b) {
        var picked = b.classList.contains("comment-pick") - a.classList.contains("comment-pick");
        if (picked) return picked;
        var older = timeOf(a) - timeOf(b);
        if (order === "liked") return countOf(b) - countOf(a) || older;
        if (order === "newest") return -older;
        return older;
      });
      items.forEach(function (li) { list.appendChild(li); });
      list.setAttribute("data-sorted", order);
    }

    function show(button, count, liked) {
      button.querySelector(".comment-like-count").textContent = count ? String(count) : "";
      button.setAttribute("aria-pressed", liked ? "true" : "false");
      button.hidden = false;
    }

    function like(event) {
      var button = event.currentTarget;
      if (button.getAttribute("aria-pressed") === "true") return;
      button.disabled = true;
      fetch(button.getAttribute("data-like-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" }
      })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (answer) {
          if (answer.ok) {
            var pk = idOf(button.closest("li.comment"));
            counts[pk] = answer.data.count;
            liked[pk] = true;
            store(LIKED_KEY, JSON.stringify(Object.keys(liked).slice(-2000)));
            show(button, answer.data.count, true);
          } else if (answer.data.error) {
            button.title = answer.data.error;
          }
        })
        .catch(function () { /* the count stays as it was */ })
        .then(function () { button.disabled = false; });
    }

    if (select) {
      var saved = stored(SORT_KEY);
      if (saved && select.querySelector('option[value="' + saved + '"]')) select.value = saved;
      select.addEventListener("change", function () {
        store(SORT_KEY, select.value);
        sortThread(select.value);
      });
      select.closest(".comment-sort").hidden = false;
    }

    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        counts = data.counts || {};
        csrf = data.csrf || "";
        section.querySelectorAll("li.comment[id^='comment-']").forEach(function (li) {
          var button = li.querySelector(":scope > .comment-actions > .comment-like");
          var pk = idOf(li);
          if (!button) return;
          show(button, counts[pk] || 0, liked[pk]);
          button.addEventListener("click", like);
        });
        if (select) sortThread(select.value);
        section.setAttribute("data-likes-loaded", "true");
      })
      .catch(function () { /* no counts: the thread stays in the page's order */ });
  });
})();
