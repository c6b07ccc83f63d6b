/* A live story's page: new updates without a reload, and the reader's choice of order.

   While the coverage is open and the tab visible, the page asks the story's updates
   endpoint (cached like any public page, so every reader at the same point shares one
   answer) for updates newer than the newest it has, every data-poll-seconds. New ones wait
   behind an "N new updates" button; a tap inserts them without moving what the reader is
   reading. Updates it has that were edited or removed are replaced or dropped at the next
   answer, in place. Polling pauses while the tab is hidden and stops when the coverage closes.
   The order (newest or oldest first) is remembered in localStorage, like the text size. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root || !window.fetch) {
    return;
  }
  var stream = root.querySelector("[data-live-stream]");
  var pinnedBox = root.querySelector("[data-live-pinned]");
  var keyNav = root.querySelector("[data-live-key-events]");
  var keyList = keyNav.querySelector("ol");
  var button = root.querySelector("[data-live-new]");
  var count = root.querySelector("[data-live-count]");
  var orderBox = root.querySelector("[data-live-order]");
  var empty = root.querySelector("[data-live-empty]");
  var url = root.getAttribute("data-updates-url");
  var latest = parseInt(root.getAttribute("data-latest"), 10) || 0;
  var seconds = Math.max(1, parseFloat(root.getAttribute("data-poll-seconds")) || 25);
  var open = root.hasAttribute("data-open");
  var ORDER_KEY = "newsroom:live-order";
  var order = "newest"; // as the page is served
  var pending = [];
  var reloadInstead = false;
  var timer = null;
  var asking = false;

  function savedOrder() {
    try {
      return window.localStorage.getItem(ORDER_KEY) === "oldest" ? "oldest" : "newest";
    } catch (e) {
      return "newest";
    }
  }

  function saveOrder(value) {
    try {
      window.localStorage.setItem(ORDER_KEY, value);
    } catch (e) {
      /* private mode: the choice lasts for this page only */
    }
  }

  function updates() {
    return Array.prototype.slice.call(stream.children);
  }

  function setOrder(wanted) {
    if (wanted !== order) {
      updates().reverse().forEach(function (el) { stream.appendChild(el); });
      order = wanted;
    }
    root.setAttribute("data-stream-order", order);
    var buttons = orderBox.querySelectorAll("[data-order]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-order") === order));
    }
  }

  function element(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  function placeInStream(el) {
    var id = parseInt(el.getAttribute("data-update"), 10);
    var children = updates();
    for (var i = 0; i < children.length; i++) {
      var other = parseInt(children[i].getAttribute("data-update"), 10);
      if (order === "newest" ? other < id : other > id) {
        stream.insertBefore(el, children[i]);
        return;
      }
    }
    stream.appendChild(el);
  }

  function drop(id) {
    var old = document.getElementById("update-" + id);
    if (old) {
      old.parentNode.removeChild(old);
    }
    var li = keyList.querySelector('[data-key-event="' + id + '"]');
    if (li) {
      li.parentNode.removeChild(li);
    }
    keyNav.hidden = !keyList.children.length;
  }

  function placeKeyEvent(li) {
    var id = parseInt(li.getAttribute("data-key-event"), 10);
    var items = keyList.children;
    for (var i = 0; i < items.length; i++) {
      if (parseInt(items[i].getAttribute("data-key-event"), 10) < id) {
        keyList.insertBefore(li, items[i]);
        return;
      }
    }
    keyList.appendChild(li);
  }

  function insert(update) {
    drop(update.id);
    var el = element(update.html);
    if (update.pinned) {
      var previous = pinnedBox.firstElementChild;
      if (previous) {
        var flag = previous.querySelector("[data-pinned-flag]");
        if (flag) {
          flag.parentNode.removeChild(flag);
        }
        placeInStream(previous);
      }
      pinnedBox.appendChild(el);
    } else {
      placeInStream(el);
    }
    if (update.key_html) {
      placeKeyEvent(element(update.key_html));
      keyNav.hidden = false;
    }
  }

  /* The update the reader is reading: the first whose bottom is below the top of the window. */
  function reading() {
    var all = root.querySelectorAll("[data-update]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getBoundingClientRect().bottom > 0) {
        return all[i];
      }
    }
    return null;
  }

  /* Run change() without moving what the reader is reading: the update at the top of the
     window is measured before and after, and the window scrolled by the difference. */
  function keepingPlace(change) {
    var anchor = reading();
    var id = anchor && anchor.id;
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    var after = id && document.getElementById(id);
    if (after) {
      var moved = after.getBoundingClientRect().top - before;
      if (moved) {
        window.scrollBy(0, moved);
      }
    }
    document.dispatchEvent(new CustomEvent("newsroom:content"));
  }

  function showPending() {
    if (reloadInstead) {
      window.location.reload();
      return;
    }
    keepingPlace(function () {
      pending.forEach(insert);
      pending = [];
      button.hidden = true;
      empty.hidden = true;
    });
  }

  /* Updates this page has that were edited or removed since: applied at once, in place. */
  function applyChanges(data) {
    var removed = data.removed || [];
    pending = pending.filter(function (update) { return removed.indexOf(update.id) === -1; });
    count.textContent = String(pending.length);
    button.hidden = !pending.length;
    var gone = removed.filter(function (id) { return document.getElementById("update-" + id); });
    var edited = (data.edited || []).filter(function (update) {
      var el = document.getElementById("update-" + update.id);
      return el && el.getAttribute("data-edited") !== update.edited_at;
    });
    if (gone.length || edited.length) {
      keepingPlace(function () {
        gone.forEach(drop);
        edited.forEach(insert);
      });
    }
  }

  function stop(status) {
    open = false;
    clearTimeout(timer);
    root.removeAttribute("data-open");
    root.setAttribute("data-polling", "stopped");
    var line = document.querySelector("[data-live-status]");
    if (line && status) {
      line.replaceWith(element(status));
      document.dispatchEvent(new CustomEvent("newsroom:content"));
    }
  }

  function schedule() {
    clearTimeout(timer);
    if (open && !document.hidden) {
      timer = setTimeout(poll, seconds * 1000);
    }
  }

  function poll() {
    if (!open || document.hidden || asking) {
      return;
    }
    asking = true;
    window.fetch(url + "?since=" + latest, {
      cache: "no-cache", // revalidate: the browser's copy may be older than the server's
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (data.updates.length) {
          pending = pending.concat(data.updates);
          latest = Math.max(latest, data.latest);
          reloadInstead = reloadInstead || data.more;
          count.textContent = String(pending.length);
          button.hidden = false;
        }
        applyChanges(data);
        if (!data.open) {
          stop(data.status);
        }
      })
      .catch(function () {
        /* offline or a server error: ask again at the next interval */
      })
      .then(function () {
        asking = false;
        schedule();
      });
  }

  button.addEventListener("click", showPending);
  orderBox.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-order]");
    if (choice) {
      saveOrder(choice.getAttribute("data-order"));
      setOrder(choice.getAttribute("data-order"));
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
    } else {
      poll();
    }
  });
  orderBox.hidden = false;
  setOrder(savedOrder());
  if (open) {
    root.setAttribute("data-polling", "on");
    schedule();
  }
})();
