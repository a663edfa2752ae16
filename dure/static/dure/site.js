// A table wider than the screen scrolls sideways inside its `.table-wrap`. Keyboard users must be
// able to reach and scroll it (WCAG 2.1.1; axe: scrollable-region-focusable), so a wrapper that
// actually scrolls becomes a focusable region named after the table's caption or the heading
// before it. Wrappers that fit get no extra tab stop. Runs on load, on resize and after htmx swaps.
(function () {
  "use strict";
  var fallback = document.body.getAttribute("data-table-label") || "Table";

  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    return fallback;
  }

  function mark(root) {
    (root && root.querySelectorAll ? root : document).querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", nameOf(wrap));
        wrap.setAttribute("data-scroll-region", "");
      } else if (!scrolls && wrap.hasAttribute("data-scroll-region")) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (a) { wrap.removeAttribute(a); });
      }
    });
  }

  var pending;
  mark(document);
  // Again once fonts and images are in: they change the tables' widths.
  window.addEventListener("load", function () { mark(document); });
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(function () { mark(document); }, 150); });
  document.addEventListener("htmx:afterSettle", function (event) { mark(event.target); });
})();

// The main menu and the back-office menu (details[data-fold-on-phone]) are open in the HTML, so
// they work without script; on a phone they are folded at load so the page's own content comes first.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 640px)").matches) return;
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (menu) { menu.removeAttribute("open"); });
})();

// A form sent back with problems opens at its error summary (see includes/form.html), so a phone
// shows what to fix instead of the unchanged top of the page.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  function show() {
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
  show();
  // Again once fonts and images are in: they move the summary down.
  window.addEventListener("load", show, { once: true });
})();

// A form that undoes something (cancelling a booking or a registration) asks first: one tap on
// a phone should not cancel. The question is the form's data-confirm; without script it submits.
document.addEventListener("submit", function (event) {
  "use strict";
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
