// Signpost's small enhancements; every page works without them. No inline scripts, so a strict CSP can apply.
(function () {
  "use strict";

  // A binary forecast's slider and number input show the same value.
  function bindSliders(root) {
    root.querySelectorAll("input[type=range][data-sync]").forEach(function (slider) {
      var number = document.getElementById(slider.dataset.sync);
      if (!number || slider.dataset.bound) return;
      slider.dataset.bound = "1";
      slider.addEventListener("input", function () { number.value = slider.value; });
      number.addEventListener("input", function () {
        if (number.value !== "") slider.value = number.value;
      });
    });
  }

  // Multiple choice: when one option changes, the others share what is left in proportion, keeping 100% in total.
  function bindSums(root) {
    root.querySelectorAll("[data-sum-to-100]").forEach(function (group) {
      if (group.dataset.bound) return;
      group.dataset.bound = "1";
      var inputs = Array.prototype.slice.call(group.querySelectorAll("input[type=number]"));
      var output = group.querySelector("[data-sum]");
      function total() {
        return inputs.reduce(function (sum, input) { return sum + (parseInt(input.value, 10) || 0); }, 0);
      }
      inputs.forEach(function (changed) {
        changed.addEventListener("change", function () {
          var value = Math.max(0, Math.min(100, parseInt(changed.value, 10) || 0));
          changed.value = value;
          var others = inputs.filter(function (input) { return input !== changed; });
          var left = 100 - value;
          var weight = others.reduce(function (sum, input) { return sum + (parseInt(input.value, 10) || 0); }, 0);
          var assigned = 0;
          others.forEach(function (input, index) {
            var share = index === others.length - 1
              ? left - assigned
              : Math.round(weight ? left * (parseInt(input.value, 10) || 0) / weight : left / others.length);
            share = Math.max(0, Math.min(left - assigned, share));
            input.value = share;
            assigned += share;
          });
          if (output) output.textContent = total();
        });
      });
      if (output) output.textContent = total();
    });
  }

  function enhance(root) {
    bindSliders(root);
    bindSums(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // HTMX swaps in a fresh forecast panel: enhance what came in.
  document.addEventListener("htmx:afterSettle", function () { enhance(document); });
})();
