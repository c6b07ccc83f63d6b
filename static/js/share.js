/* Sharing a story: the links work without this script; it adds "copy link" and, where
   the browser offers it (phones), the system share sheet. No third-party code. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-share]");
  for (var i = 0; i < boxes.length; i++) {
    setUp(boxes[i]);
  }

  function setUp(box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title");
    var status = box.querySelector("[data-share-status]");
    var copy = box.querySelector("[data-share-copy]");
    var native = box.querySelector("[data-share-native]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = box.getAttribute("data-share-copied");
        });
      });
    }
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
  }
})();
