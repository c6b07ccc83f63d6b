/*
 * The story form of the editors' desk.
 *
 * 1. Text direction follows the story's language: the CKEditor 5 editable and
 *    the headline fields are right-to-left for Arabic, left-to-right for English,
 *    and switch when the language select changes.
 * 2. The tags box offers existing tags as the editor types (matched on the
 *    server with the newsroom's Arabic normaliser, so الاردن finds الأردن).
 */
(function () {
  "use strict";

  var DIRECTIONS = { ar: "rtl", en: "ltr" };
  var TEXT_FIELDS = ["id_headline", "id_kicker", "id_standfirst", "id_summary", "id_slug",
    "id_lead_image_caption", "id_lead_image_alt", "id_lead_image_credit"];
  var BODY_ID = "id_body";

  function currentLanguage() {
    var select = document.getElementById("id_language");
    return select ? select.value : document.documentElement.lang || "ar";
  }

  function applyToEditor(editor, language) {
    var dir = DIRECTIONS[language] || "rtl";
    editor.editing.view.change(function (writer) {
      var root = editor.editing.view.document.getRoot();
      writer.setAttribute("dir", dir, root);
      writer.setAttribute("lang", language, root);
    });
  }

  function applyDirection() {
    var language = currentLanguage();
    var dir = DIRECTIONS[language] || "rtl";
    TEXT_FIELDS.forEach(function (id) {
      var field = document.getElementById(id);
      if (field) {
        field.setAttribute("dir", dir);
      }
    });
    var editor = window.editors && window.editors[BODY_ID];
    if (editor) {
      applyToEditor(editor, language);
    }
  }

  // This script loads before django-ckeditor-5's bundle, whose editors are created
  // after DOMContentLoaded: register there, so the callback exists before the editor.
  // Called with the body's editor as soon as it exists (autosave takes its baseline there).
  var onBodyEditor = [];

  function watchEditor() {
    if (typeof window.ckeditorRegisterCallback === "function") {
      window.ckeditorRegisterCallback(BODY_ID, function (editor) {
        applyToEditor(editor, currentLanguage());
        onBodyEditor.forEach(function (callback) { callback(editor); });
      });
    }
  }

  // -- Tag suggestions --

  // Tags are separated by the Arabic or Latin comma (or either semicolon); spaces never
  // separate, so a multi-word tag needs no quotes (articles/tagparse.py on the server).
  var SEPARATOR = /[,\u060C;\u061B]/;
  var JOINER = document.documentElement.lang === "en" ? ", " : "\u060C ";

  function quoteTag(name) {
    return SEPARATOR.test(name) ? '"' + name.replace(/"/g, "") + '"' : name;
  }

  function splitLast(value) {
    var cut = -1;
    for (var i = value.length - 1; i >= 0; i--) {
      if (SEPARATOR.test(value.charAt(i))) {
        cut = i;
        break;
      }
    }
    return {
      head: cut === -1 ? "" : value.slice(0, cut + 1) + " ",
      term: (cut === -1 ? value : value.slice(cut + 1)).trim().replace(/^"|"$/g, "")
    };
  }

  function setupTags(input) {
    var list = document.getElementById(input.id + "_suggestions");
    if (!list) {
      return;
    }
    var url = input.getAttribute("data-suggest-url");
    var active = -1;
    var pending = null;

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function choose(name) {
      var parts = splitLast(input.value);
      input.value = parts.head.replace(/^\s+/, "").replace(/\s+$/, " ") + quoteTag(name) + JOINER;
      close();
      input.focus();
    }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (tag, i) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = input.id + "_suggestion_" + i;
        item.textContent = tag.name;
        item.dir = "auto";
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the box
          choose(tag.name);
        });
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }

    input.addEventListener("input", function () {
      var term = splitLast(input.value).term;
      if (pending) {
        pending.abort();
      }
      if (!term) {
        close();
        return;
      }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(term), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(function () { /* aborted by newer typing, or offline: no suggestions */ });
    });

    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("li");
      if (list.hidden || !items.length) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + items.length) % items.length);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault(); // choose the tag instead of submitting the form
        choose(items[active].textContent);
      } else if (event.key === "Escape") {
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  // -- Character counts under the headline, caption and alternative text --

  var COUNTED = ["id_headline", "id_kicker", "id_lead_image_caption", "id_lead_image_alt"];

  function setupCount(input) {
    var max = parseInt(input.getAttribute("maxlength"), 10);
    var count = document.createElement("span");
    count.className = "char-count";
    count.id = input.id + "_count";
    count.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby",
      ((input.getAttribute("aria-describedby") || "") + " " + count.id).trim());
    function update() {
      var used = Array.from(input.value).length;
      count.textContent = max ? used + " / " + max : String(used);
      count.classList.toggle("is-over", Boolean(max) && used > max * 0.9);
    }
    input.insertAdjacentElement("afterend", count);
    input.addEventListener("input", update);
    update();
  }

  // -- Presence: tell the desk this story is still open, and when it is closed --

  function setupPresence(marker) {
    var url = marker.getAttribute("data-url");
    var seconds = parseInt(marker.getAttribute("data-seconds"), 10) || 30;
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !token) {
      return;
    }
    function body(leave) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token.value);
      if (leave) {
        data.append("leave", "1");
      }
      return data;
    }
    window.setInterval(function () {
      fetch(url, { method: "POST", body: body(false), credentials: "same-origin" })
        .catch(function () { /* offline: the next beat tries again */ });
    }, seconds * 1000);
    // Saving reloads the page, which says "still here" again: only a real goodbye leaves.
    var saving = false;
    document.addEventListener("submit", function () { saving = true; });
    window.addEventListener("pagehide", function () {
      if (!saving) {
        navigator.sendBeacon(url, body(true));
      }
    });
  }

  // -- Autosave: the form's text kept aside every few seconds, and offered back --

  var AUTOSAVED = ["kicker", "headline", "standfirst", "summary", "body",
    "lead_image_caption", "lead_image_credit", "lead_image_alt"];

  function fieldValue(name) {
    var editor = window.editors && window.editors["id_" + name];
    if (editor) {
      return editor.getData();
    }
    var field = document.getElementById("id_" + name);
    return field ? field.value : "";
  }

  function setFieldValue(name, value) {
    var editor = window.editors && window.editors["id_" + name];
    if (editor) {
      editor.setData(value);
      return;
    }
    var field = document.getElementById("id_" + name);
    if (field) {
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function snapshot() {
    return JSON.stringify(AUTOSAVED.map(fieldValue));
  }

  function setupAutosave(status) {
    var url = status.getAttribute("data-url");
    var seconds = parseInt(status.getAttribute("data-seconds"), 10) || 30;
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !token) {
      return;
    }
    var last = null;
    var saving = false;
    document.addEventListener("submit", function () { saving = true; });

    function payload(extra) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token.value);
      AUTOSAVED.forEach(function (name) { data.append(name, fieldValue(name)); });
      Object.keys(extra || {}).forEach(function (key) { data.append(key, extra[key]); });
      return data;
    }

    function save() {
      var now = snapshot();
      if (saving || now === last) {
        return;
      }
      fetch(url, { method: "POST", body: payload(), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.message) {
            last = now;
            status.textContent = data.message;
          }
        })
        .catch(function () { /* offline: the next round tries again */ });
    }

    // What the form held when it was opened, the body as CKEditor gives it back: taken
    // before anyone can type (fields now, the body when its editor is created, before its
    // editable takes input), so text typed at once still counts as a change.
    var opened = AUTOSAVED.map(function (name) {
      var field = document.getElementById("id_" + name);
      return field ? field.value : "";
    });
    var bodyAt = AUTOSAVED.indexOf("body");

    function takeBaseline(editor) {
      if (last === null) {
        if (editor) {
          opened[bodyAt] = editor.getData();
        }
        last = JSON.stringify(opened);
      }
    }

    if (window.editors && window.editors[BODY_ID]) {
      takeBaseline(window.editors[BODY_ID]);
    } else if (document.getElementById(BODY_ID)) {
      onBodyEditor.push(takeBaseline);
      // Without an editor (it failed to load), the stored text is the baseline.
      window.setTimeout(function () { takeBaseline(null); }, 10000);
    } else {
      takeBaseline(null);
    }
    window.setInterval(save, seconds * 1000);
    window.addEventListener("pagehide", function () {
      if (!saving && last !== null && snapshot() !== last) {
        navigator.sendBeacon(url, payload());
      }
    });

    var restore = document.getElementById("autosave-restore");
    var discard = document.getElementById("autosave-discard");
    var kept = document.getElementById("autosave-data");
    var box = document.getElementById("autosave-recovery");
    if (restore && kept && box) {
      restore.addEventListener("click", function () {
        var data = JSON.parse(kept.textContent);
        AUTOSAVED.forEach(function (name) {
          if (Object.prototype.hasOwnProperty.call(data, name)) {
            setFieldValue(name, data[name]);
          }
        });
        box.hidden = true;
      });
    }
    if (discard && box) {
      discard.addEventListener("click", function () {
        fetch(url, { method: "POST", body: payload({ discard: "1" }), credentials: "same-origin" });
        box.hidden = true;
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var autosaveStatus = document.getElementById("autosave-status");
    if (autosaveStatus) {
      setupAutosave(autosaveStatus);
    }
    var marker = document.getElementById("desk-presence");
    if (marker) {
      setupPresence(marker);
    }
    COUNTED.forEach(function (id) {
      var input = document.getElementById(id);
      if (input && input.tagName === "INPUT") {
        setupCount(input);
      }
    });
    // Times are entered in the newsroom's zone, as the field's label says. Django's
    // "you are N hours behind the server" note (added on window load when the body
    // carries the server's offset) only confuses an editor abroad.
    delete document.body.dataset.adminUtcOffset;
    watchEditor();
    applyDirection();
    var select = document.getElementById("id_language");
    if (select) {
      select.addEventListener("change", applyDirection);
    }
    document.querySelectorAll("input[data-tag-autocomplete]").forEach(setupTags);
  });
})();
