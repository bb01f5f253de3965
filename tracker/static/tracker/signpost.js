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

  // Multiple choice: what the forecaster types is never changed behind their back. A live total says how far it
  // is from 100%; "Scale the other options" is an explicit action that keeps the option typed last as it is and
  // scales the others (to 0.1%) to fill the rest.
  function bindSums(root) {
    root.querySelectorAll("[data-sum-to-100]").forEach(function (group) {
      if (group.dataset.bound) return;
      group.dataset.bound = "1";
      var inputs = Array.prototype.slice.call(group.querySelectorAll("input[type=number]"));
      var output = group.querySelector("[data-sum]");
      var note = group.querySelector("[data-sum-note]");
      var normalise = group.querySelector("[data-normalise]");
      var lastTyped = inputs[0];
      function tenths(input) { return Math.round((parseFloat(input.value) || 0) * 10); }
      function show() {
        var total = inputs.reduce(function (sum, input) { return sum + tenths(input); }, 0);
        var off = total - 1000;
        output.textContent = String(total / 10);
        note.textContent = off === 0 ? "" : (off < 0 ? " (" + (-off / 10) + "% left to assign)" : " (" + (off / 10) + "% too much)");
        group.classList.toggle("sum-off", off !== 0);
        if (normalise) normalise.hidden = off === 0;
      }
      inputs.forEach(function (input) {
        input.addEventListener("input", function () { lastTyped = input; show(); });
      });
      if (normalise) {
        normalise.addEventListener("click", function () {
          var others = inputs.filter(function (input) { return input !== lastTyped; });
          var kept = Math.min(1000 - others.length, Math.max(1, tenths(lastTyped)));
          lastTyped.value = String(kept / 10);
          var left = 1000 - kept;
          var weight = others.reduce(function (sum, input) { return sum + tenths(input); }, 0);
          var assigned = 0;
          others.forEach(function (input, index) {
            var share = index === others.length - 1
              ? left - assigned
              : Math.round(weight ? left * tenths(input) / weight : left / others.length);
            share = Math.max(1, Math.min(left - assigned - (others.length - 1 - index), share));
            input.value = String(share / 10);
            assigned += share;
          });
          show();
          lastTyped.focus();
        });
      }
      show();
    });
  }

  // A chart is one Tab stop: the arrow keys (and Home, End) move between its points in the order drawn, Escape
  // returns to the chart, Tab leaves it.
  function bindCharts(root) {
    root.querySelectorAll("svg[data-chart-keys]").forEach(function (svg) {
      if (svg.dataset.bound) return;
      svg.dataset.bound = "1";
      svg.addEventListener("keydown", function (event) {
        var points = Array.prototype.slice.call(svg.querySelectorAll(".point, .marker"));
        if (!points.length) return;
        var index = points.indexOf(document.activeElement);
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") next = index < 0 ? 0 : Math.min(points.length - 1, index + 1);
        else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = index < 0 ? 0 : Math.max(0, index - 1);
        else if (event.key === "Home") next = 0;
        else if (event.key === "End") next = points.length - 1;
        else if (event.key === "Escape" && index >= 0) { svg.focus(); event.preventDefault(); return; }
        if (next === null) return;
        event.preventDefault();
        points[next].focus();
      });
    });
  }

  // The browser's time zone, for pages rendered in the reader's local time (until they choose one in settings).
  function rememberTimeZone() {
    if (document.cookie.split("; ").some(function (c) { return c.indexOf("tz=") === 0; })) return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone) document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    } catch (error) { /* no Intl: pages stay in UTC */ }
  }

  // Keyboard shortcuts (listed in the dialog that "?" opens); never while typing in a field.
  var GO = { h: "/", q: "/questions/", s: "/scenarios/", l: "/leaderboard/", n: "/notifications/" };
  var pendingGo = 0;
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function focusFirst(selectors) {
    for (var i = 0; i < selectors.length; i++) {
      var el = document.querySelector(selectors[i]);
      if (el) {
        var details = el.closest("details");
        if (details) details.open = true;
        el.focus();
        return true;
      }
    }
    return false;
  }
  function bindShortcuts() {
    var dialog = document.getElementById("shortcuts");
    document.querySelectorAll("[data-shortcuts]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (dialog && dialog.showModal) { event.preventDefault(); dialog.showModal(); }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (dialog && dialog.open) return;
      var key = event.key;
      if (pendingGo && Date.now() - pendingGo < 1500 && GO[key]) {
        pendingGo = 0;
        event.preventDefault();
        window.location.assign(GO[key]);
        return;
      }
      pendingGo = 0;
      if (key === "?" && dialog && dialog.showModal) { event.preventDefault(); dialog.showModal(); }
      else if (key === "g") { pendingGo = Date.now(); }
      else if (key === "/") {
        event.preventDefault();
        if (!focusFirst(["#f-search"])) window.location.assign("/questions/");
      }
      else if (key === "f") { if (focusFirst(["#probability", "#option_0"])) event.preventDefault(); }
      else if (key === "c") { if (focusFirst(["#comment-body"])) event.preventDefault(); }
      else if ((key === "j" || key === "k" || key === "a" || key === "r") && inboxKey(key)) { event.preventDefault(); }
    });
  }

  // The inbox: j/k move between proposals, a accepts and r rejects the one in focus (its own button).
  function inboxKey(key) {
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-inbox-item]"));
    if (!items.length) return false;
    var current = items.indexOf(document.activeElement && document.activeElement.closest("[data-inbox-item]"));
    if (key === "j" || key === "k") {
      var next = current < 0 ? 0 : Math.min(items.length - 1, Math.max(0, current + (key === "j" ? 1 : -1)));
      items[next].focus();
      items[next].scrollIntoView({ block: "nearest" });
      return true;
    }
    if (current < 0) return false;
    var button = items[current].querySelector(key === "a" ? "[data-inbox-accept]" : "[data-inbox-reject]");
    if (button) button.click();
    return Boolean(button);
  }

  // A crosshair on a forecast chart: where the pointer is, the community forecast and yours that stood then.
  function bindCrosshairs(root) {
    root.querySelectorAll("svg.chart[data-chart-keys]").forEach(function (svg) {
      if (svg.dataset.crosshair || !svg.querySelector(".point[data-x]")) return;
      svg.dataset.crosshair = "1";
      var line = document.createElementNS("http://www.w3.org/2000/svg", "line");
      line.setAttribute("class", "crosshair");
      line.setAttribute("y1", "14");
      line.setAttribute("y2", String(svg.viewBox.baseVal.height - 30));
      line.setAttribute("visibility", "hidden");
      svg.appendChild(line);
      var tip = document.createElement("div");
      tip.className = "chart-tip";
      tip.hidden = true;
      svg.parentNode.insertBefore(tip, svg.nextSibling);
      function standing(series, x) {
        var best = null;
        svg.querySelectorAll(".point[data-series='" + series + "']").forEach(function (point) {
          var px = parseFloat(point.dataset.x);
          if (px <= x + 0.5 && (best === null || px >= parseFloat(best.dataset.x))) best = point;
        });
        return best;
      }
      svg.addEventListener("pointermove", function (event) {
        var ctm = svg.getScreenCTM();
        if (!ctm) return;
        var point = svg.createSVGPoint();
        point.x = event.clientX;
        point.y = event.clientY;
        var x = point.matrixTransform(ctm.inverse()).x;
        var crowd = standing("community", x);
        var mine = standing("mine", x);
        if (!crowd && !mine) { line.setAttribute("visibility", "hidden"); tip.hidden = true; return; }
        line.setAttribute("x1", String(x));
        line.setAttribute("x2", String(x));
        line.setAttribute("visibility", "visible");
        tip.textContent = [crowd, mine].filter(Boolean).map(function (p) { return p.getAttribute("aria-label"); }).join(" · ");
        tip.hidden = false;
      });
      svg.addEventListener("pointerleave", function () { line.setAttribute("visibility", "hidden"); tip.hidden = true; });
    });
  }

  // A table or code block too wide for the screen scrolls inside its box; a keyboard user must be able to reach it
  // to scroll it, so exactly those (not every table) become Tab stops, re-checked when the window changes size.
  function markScrollable() {
    document.querySelectorAll("table.data, table.questions, pre").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollStop = "1";
      } else if (!scrolls && box.dataset.scrollStop) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollStop;
      }
    });
  }
  window.addEventListener("resize", markScrollable);

  // Long pages on a phone: secondary sections (evidence, discussion, history, proposals) start folded, unless the
  // address points into one or it holds an error to fix. What the reader opens or closes stays so when HTMX swaps
  // a section in again.
  var PHONE = window.matchMedia("(max-width: 40rem)");
  var foldChoice = {};
  function addressed() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    return id ? document.getElementById(id) : null;
  }
  function openAround(target) {
    for (var box = target; box; box = box.parentElement) {
      if (box.tagName === "DETAILS") { box.open = true; }
    }
  }
  function pointsInto(target, box) {
    return Boolean(target) && (box.contains(target) || target.contains(box));
  }
  function foldByWidth(box, target) {
    box.open = !PHONE.matches || pointsInto(target, box) || box.querySelector(".field-error") !== null;
  }
  function foldSections(root) {
    var target = addressed();
    root.querySelectorAll("details[data-fold]").forEach(function (box) {
      if (box.dataset.foldBound) { return; }
      box.dataset.foldBound = "1";
      var name = box.dataset.fold;
      if (name in foldChoice) { box.open = foldChoice[name]; } else { foldByWidth(box, target); }
      // Only the reader's own click (or Enter/Space on the heading) is a choice: a toggle event also fires when the
      // page opens or folds a section itself, and when the parser meets an open section.
      var summary = box.querySelector(":scope > summary");
      if (summary) {
        summary.addEventListener("click", function () { foldChoice[name] = !box.open; });
      }
    });
  }
  // Turning a tablet or resizing a window across the phone width folds or unfolds what the reader has not touched.
  PHONE.addEventListener("change", function () {
    var target = addressed();
    document.querySelectorAll("details[data-fold]").forEach(function (box) {
      if (!(box.dataset.fold in foldChoice)) { foldByWidth(box, target); }
    });
  });
  window.addEventListener("hashchange", function () {
    var target = addressed();
    if (target) {
      openAround(target);
      target.querySelectorAll("details[data-fold]").forEach(function (box) { box.open = true; });
      target.scrollIntoView();
    }
  });

  function enhance(root) {
    foldSections(root);
    bindSliders(root);
    bindSums(root);
    bindCharts(root);
    bindCrosshairs(root);
    markScrollable();
  }

  // A page that comes back with errors (or a question to confirm) puts the focus on its summary at the top: the
  // reader sees what to fix, whichever field it is, and each line links to its field.
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    rememberTimeZone(); bindShortcuts(); enhance(document); focusSummary();
  });
  // HTMX swaps in a fresh forecast panel: enhance what came in, and put the focus on what the swap says (the
  // "saved" status or the first error) instead of letting it fall to <body>.
  document.addEventListener("htmx:afterSettle", function () {
    enhance(document);
    var focus = document.querySelector("[data-focus-after-swap]");
    if (focus) {
      focus.removeAttribute("data-focus-after-swap");
      focus.focus();
    }
  });
})();
