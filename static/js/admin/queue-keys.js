/*
 * The moderation queue from the keyboard.
 *
 * j / k move to the next / previous comment; a approves, r rejects, s marks spam (then
 * the next comment is selected); p marks or unmarks an editor's pick; ? opens the help.
 * Keys are read by the letter typed, and by the key's place on the keyboard when the
 * letter is not Latin, so an Arabic layout works with the same keys (ت is j, ش is a).
 *
 * A decision is the row's own "moderate" URL, posted with the page's CSRF token and a
 * header that asks for an empty answer (204) instead of a page. The row leaves the list
 * at once; if the server refuses, it comes back, marked, and the status line says so.
 */
(function () {
  "use strict";

  function start() {
  var table = document.getElementById("result_list");
  var help = document.getElementById("queue-keys-help");
  var status = document.getElementById("queue-keys-status");
  if (!table || !help || !table.tBodies.length) {
    return;
  }

  var KEYS = { j: "next", k: "prev", a: "approve", r: "reject", s: "spam", p: "pick" };
  var CODES = { KeyJ: "next", KeyK: "prev", KeyA: "approve", KeyR: "reject", KeyS: "spam", KeyP: "pick" };
  var current = null;

  function rows() {
    return Array.prototype.filter.call(table.tBodies[0].rows, function (row) {
      return !row.hidden && row.querySelector(".queue-decide");
    });
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function select(row, focus) {
    if (current) {
      current.classList.remove("queue-focus");
      current.removeAttribute("aria-current");
    }
    current = row || null;
    if (!current) {
      return;
    }
    current.classList.add("queue-focus");
    current.setAttribute("aria-current", "true");
    current.tabIndex = -1;
    if (focus) {
      current.focus({ preventScroll: true });
      current.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    var list = rows();
    if (!list.length) {
      return;
    }
    var index = list.indexOf(current);
    index = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    select(list[index], true);
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(url) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("confirm", "1");
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Queue-Keys": "1" },
      redirect: "manual",
    }).then(function (response) {
      if (response.status !== 204) {
        throw new Error("refused: " + response.status);
      }
    });
  }

  function decide(word) {
    var row = current;
    var cell = row && row.querySelector(".queue-decide");
    if (!cell || !row.querySelector('[data-decision="' + word + '"]')) {
      return; // already in that state: nothing to decide
    }
    var list = rows();
    var index = list.indexOf(row);
    row.hidden = true;
    select(list[index + 1] || list[index - 1] || null, true);
    say(help.dataset[word] + (current ? "" : " " + help.dataset.empty));
    send(cell.dataset.moderateUrl + word + "/").catch(function () {
      row.hidden = false;
      row.classList.add("queue-failed");
      select(row, true);
      say(help.dataset.failed);
    });
  }

  function pick() {
    var cell = current && current.querySelector(".queue-decide");
    if (!cell) {
      return;
    }
    var row = current;
    var picked = cell.dataset.pick !== "1";
    send(cell.dataset.pickUrl).then(function () {
      cell.dataset.pick = picked ? "1" : "0";
      var badge = row.querySelector(".field-pick_col");
      if (badge) {
        badge.textContent = picked ? help.dataset.pickBadge : "";
      }
      say(picked ? help.dataset.pick : help.dataset.unpick);
    }, function () {
      say(help.dataset.failed);
    });
  }

  function actionFor(event) {
    if (event.key === "?" || event.key === "؟" || (event.code === "Slash" && event.shiftKey)) {
      return "help";
    }
    return KEYS[(event.key || "").toLowerCase()] || CODES[event.code];
  }

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    if (target.tagName === "INPUT") {
      return !/^(checkbox|radio|submit|button|reset)$/.test(target.type);
    }
    return target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT";
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var action = actionFor(event);
    if (!action || (help.open && action !== "help")) {
      return;
    }
    event.preventDefault();
    if (help.open) {
      help.close();
      return;
    }
    if (action === "help") {
      help.showModal();
    } else if (action === "next" || action === "prev") {
      move(action === "next" ? 1 : -1);
    } else if (!current) {
      move(0);
    } else if (action === "pick") {
      pick();
    } else {
      decide(action);
    }
  });

  table.tBodies[0].addEventListener("click", function (event) {
    var row = event.target.closest("tr");
    if (row && row.querySelector(".queue-decide")) {
      select(row, false);
    }
  });

  select(rows()[0], false);
  }

  // The admin loads its scripts in the head, before the list exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
