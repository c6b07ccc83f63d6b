/* Counts one read of this story for the "most read" list: a beacon after the page has loaded,
   no cookie, nothing about the reader. The page itself stays the same for everyone. */
(function () {
  "use strict";
  var story = document.querySelector("[data-read-beacon]");
  if (!story || !navigator.sendBeacon) {
    return;
  }
  function send() {
    navigator.sendBeacon(story.getAttribute("data-read-beacon"));
  }
  if (document.readyState === "complete") {
    send();
  } else {
    window.addEventListener("load", send, { once: true });
  }
})();
