/* The story text-size control: six steps, remembered in localStorage, only .story__text changes.
   Without JavaScript the controls stay hidden and the page reads at the default size. */
(function () {
  "use strict";
  var KEY = "newsroom:textsize";
  var MIN = 0;
  var MAX = 5;
  var DEFAULT = 1;
  var root = document.documentElement;

  function read() {
    var value;
    try {
      value = parseInt(window.localStorage.getItem(KEY), 10);
    } catch (e) {
      value = NaN;
    }
    return isNaN(value) ? DEFAULT : Math.min(MAX, Math.max(MIN, value));
  }

  function apply(step) {
    root.setAttribute("data-textsize", String(step));
    var buttons = document.querySelectorAll("[data-textsize-step]");
    for (var i = 0; i < buttons.length; i++) {
      var delta = parseInt(buttons[i].getAttribute("data-textsize-step"), 10);
      // aria-disabled, not disabled: the button keeps keyboard focus at either end.
      buttons[i].setAttribute("aria-disabled", String(delta > 0 ? step >= MAX : step <= MIN));
    }
  }

  function save(step) {
    try {
      window.localStorage.setItem(KEY, String(step));
    } catch (e) {
      /* Private mode: the choice lasts for this page only. */
    }
  }

  var current = read();
  apply(current);

  var controls = document.querySelectorAll("[data-textsize-control]");
  for (var i = 0; i < controls.length; i++) {
    controls[i].hidden = false;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-textsize-step]") : null;
    if (!button) {
      return;
    }
    var delta = parseInt(button.getAttribute("data-textsize-step"), 10);
    current = Math.min(MAX, Math.max(MIN, current + delta));
    save(current);
    apply(current);
  });
})();
