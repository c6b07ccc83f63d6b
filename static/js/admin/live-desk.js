/*
 * The desk's live page: the update form writes in the story's direction.
 *
 * The CKEditor 5 editable and the title box are right-to-left in an Arabic story and
 * left-to-right in an English one (the saved update then takes the direction of its own
 * text, articles/live_models.py). Loaded before django-ckeditor-5's bundle, whose editors
 * are created after DOMContentLoaded: the callback is registered first, as the story
 * form's script does (article-form.js).
 */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("live-update-form");
    if (!form) {
      return;
    }
    var language = form.getAttribute("data-language") || "ar";
    var dir = language === "en" ? "ltr" : "rtl";
    var title = document.getElementById("id_title");
    if (title) {
      title.setAttribute("dir", dir);
    }
    if (typeof window.ckeditorRegisterCallback === "function") {
      window.ckeditorRegisterCallback("id_body", function (editor) {
        editor.editing.view.change(function (writer) {
          var root = editor.editing.view.document.getRoot();
          writer.setAttribute("dir", dir, root);
          writer.setAttribute("lang", language, root);
        });
      });
    }
  });
})();
