/* The reader's choice of calendar and digits, applied in the browser so every reader gets
   the same cached page: the Hijri (Umm al-Qura) date beside each Gregorian one, and Eastern
   or Western digits in dates. Remembered in localStorage, like the text size; the site's
   setting (NEWSROOM_DIGITS) stays the default. */
(function () {
  "use strict";
  var box = document.querySelector("[data-reader-prefs]");
  if (!box || !window.Intl) {
    return;
  }
  var KEYS = { calendar: "newsroom:calendar", digits: "newsroom:digits" };
  var DEFAULTS = { calendar: "gregorian", digits: box.getAttribute("data-default-digits") };
  var ZONE = box.getAttribute("data-time-zone");
  var EASTERN = "٠١٢٣٤٥٦٧٨٩";

  function read(name) {
    try {
      return window.localStorage.getItem(KEYS[name]) || DEFAULTS[name];
    } catch (e) {
      return DEFAULTS[name];
    }
  }

  function write(name, value) {
    try {
      window.localStorage.setItem(KEYS[name], value);
    } catch (e) {
      /* private mode: the choice lasts for this page only */
    }
  }

  function withDigits(text, digits) {
    if (digits === "eastern") {
      return text.replace(/[0-9]/g, function (d) { return EASTERN[+d]; });
    }
    return text.replace(/[٠-٩]/g, function (d) { return String(EASTERN.indexOf(d)); });
  }

  function hijri(date, lang, digits) {
    var locale = (lang === "ar" ? "ar" : "en-GB") + "-u-ca-islamic-umalqura-nu-" +
      (lang === "ar" && digits === "eastern" ? "arab" : "latn");
    return new Intl.DateTimeFormat(locale, {
      day: "numeric", month: "long", year: "numeric", timeZone: ZONE
    }).format(date);
  }

  function apply() {
    var calendar = read("calendar");
    var digits = read("digits");
    var old = document.querySelectorAll("[data-hijri]");
    for (var i = 0; i < old.length; i++) {
      old[i].parentNode.removeChild(old[i]);
    }
    var times = document.querySelectorAll("time[datetime]");
    for (var j = 0; j < times.length; j++) {
      var time = times[j];
      var holder = time.closest("[lang]");
      var lang = holder ? holder.getAttribute("lang").slice(0, 2) : "ar";
      if (!time.hasAttribute("data-original")) {
        time.setAttribute("data-original", time.textContent);
      }
      var original = time.getAttribute("data-original");
      time.textContent = lang === "ar" ? withDigits(original, digits) : original;
      var date = new Date(time.getAttribute("datetime"));
      if (calendar === "hijri" && !isNaN(date) && time.getAttribute("datetime").length > 10) {
        var note = document.createElement("span");
        note.className = "hijri";
        note.setAttribute("data-hijri", "");
        note.textContent = " (" + hijri(date, lang, digits) + ")";
        time.parentNode.insertBefore(note, time.nextSibling);
      }
    }
    var selects = box.querySelectorAll("[data-pref]");
    for (var k = 0; k < selects.length; k++) {
      selects[k].value = read(selects[k].getAttribute("data-pref"));
    }
  }

  box.addEventListener("change", function (event) {
    var name = event.target.getAttribute("data-pref");
    if (name) {
      write(name, event.target.value);
      apply();
    }
  });
  // Content a page inserts later (a live story's new updates) announces itself.
  document.addEventListener("newsroom:content", apply);
  box.hidden = false;
  apply();
})();
