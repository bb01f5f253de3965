// The admin's small accessibility repairs (loaded by every team-scoped admin; no inline script, so the CSP holds).
(function () {
  "use strict";

  // Autocomplete fields (select2) render a combobox named only by its current value, which is empty for an empty
  // field: name it by the field's label as well.
  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var combo = select.parentNode.querySelector('.select2-selection[role="combobox"]');
      if (!label || !combo || combo.dataset.named) return;
      if (!label.id) label.id = select.id + "-label";
      var rendered = combo.getAttribute("aria-labelledby");
      combo.setAttribute("aria-labelledby", rendered ? label.id + " " + rendered : label.id);
      // The chosen value's span is part of the combobox's name, not a field of its own (select2 marks it a
      // read-only textbox, which then needs a name of its own).
      var value = rendered && document.getElementById(rendered);
      if (value) { value.removeAttribute("role"); value.removeAttribute("aria-readonly"); }
      combo.dataset.named = "1";
    });
  }

  // The two-list picker (filter_horizontal) puts an aria-label on a plain span, which may not carry one: it is an
  // icon, so it says so.
  function roleIcons() {
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  // A wide inline table scrolls inside its box: a keyboard user must be able to reach it to scroll it, so exactly
  // the boxes that scroll become Tab stops, named by their heading.
  function reachScrollables() {
    document.querySelectorAll(".inline-group, #changelist .results").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth + 1 || box.hasAttribute("tabindex")) return;
      var heading = box.querySelector("h2");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", heading ? heading.textContent.trim() : "Table");
    });
  }

  function repair() { nameComboboxes(); roleIcons(); reachScrollables(); }

  // The admin builds its widgets when the document is ready (jQuery's ready callbacks) or at load (the two-list
  // picker); these repairs run after each.
  if (window.jQuery) window.jQuery(function () { window.setTimeout(repair, 0); });
  window.addEventListener("load", function () { window.setTimeout(repair, 0); });
  document.addEventListener("formset:added", function () { window.setTimeout(repair, 0); });
  window.addEventListener("resize", reachScrollables);
})();
