// The directory's filter panel: open beside the results on a wide screen; folded on a phone, so
// the results come first and the panel opens with one tap (its summary says how many filters are
// applied). Without JavaScript the panel simply stays open.
(function () {
  "use strict";
  var panel = document.getElementById("directory-filters");
  if (!panel || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 900px)");
  function fit() { panel.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();
