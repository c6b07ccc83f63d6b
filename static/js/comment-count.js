/*
 * A live character count under the comment box ("123 / 2000"). The box has no maxlength,
 * so a long paste is never cut silently: over the limit the count turns red and the server
 * explains what is too long.
 */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("textarea[data-max-chars]");
    var count = document.getElementById("id_body_count");
    if (!box || !count) {
      return;
    }
    var max = parseInt(box.getAttribute("data-max-chars"), 10);
    box.setAttribute("aria-describedby",
      ((box.getAttribute("aria-describedby") || "") + " " + count.id).trim());
    function update() {
      var used = Array.from(box.value).length;
      count.textContent = used + " / " + max;
      count.classList.toggle("is-over", used > max);
    }
    count.hidden = false;
    box.addEventListener("input", update);
    update();
  });
})();
