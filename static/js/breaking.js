/* Takes the breaking-news banner down at its end time, on a page that was cached before. */
(function () {
  "use strict";
  var banner = document.querySelector("[data-breaking-until]");
  if (!banner) {
    return;
  }
  var left = Date.parse(banner.getAttribute("data-breaking-until")) - Date.now();
  function remove() {
    banner.parentNode.removeChild(banner);
  }
  if (left <= 0) {
    remove();
  } else if (left < 2147483647) {
    window.setTimeout(remove, left);
  }
})();
