/* Portal map: enterprises as clustered markers; no tiles unless a tile server is configured. */
(function () {
  "use strict";
  var element = document.getElementById("portal-map");
  var configNode = document.getElementById("map-config");
  if (!element || !configNode || !window.L) { return; }
  var config = JSON.parse(configNode.textContent);
  var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18, minZoom: 9 }).setView([35.155, 126.88], 12);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution || "", maxZoom: 19 }).addTo(map);
  } else {
    // Offline: the five districts as labelled circles so the map still says where things are.
    config.districts.forEach(function (d) {
      L.circle([d.lat, d.lng], { radius: 1300, color: "#003675", weight: 2, fillColor: "#e8eef8", fillOpacity: 0.5 })
        .addTo(map)
        // Below the centre, not on it: the enterprises without coordinates sit at the centre (a
        // pin points down at it, a cluster's count is drawn round it), and a name drawn over
        // them made both unreadable.
        .bindTooltip(d.name, { permanent: true, direction: "bottom", offset: [0, 22], className: "district-label" });
    });
  }
  // Show the whole region (all five districts) whatever the screen's width.
  if (config.districts && config.districts.length) {
    map.fitBounds(L.latLngBounds(config.districts.map(function (d) { return [d.lat, d.lng]; })).pad(0.25));
  }
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(cluster);
  var status = document.getElementById("map-status");

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popup(m) {
    var html = "<strong>" + escapeHtml(m.name) + "</strong><br><a href=\"/enterprises/" + m.pk + "/\">" + escapeHtml(config.profile) + "</a>";
    if (m.approximate) { html += "<br><em>" + escapeHtml(config.approximate) + "</em>"; }
    return html;
  }

  function savePosition(m, marker) {
    var latlng = marker.getLatLng();
    var url = config.position.replace("/0/", "/" + m.pk + "/");
    var token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ lat: latlng.lat.toFixed(6), lng: latlng.lng.toFixed(6) })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      m.approximate = false;
      marker.setPopupContent(popup(m));
      status.textContent = config.saved;
    }).catch(function () { status.textContent = config.failed; });
  }

  function load() {
    var query = window.location.search;
    fetch(config.markers + query, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        cluster.clearLayers();
        var markers = data.markers.map(function (m) {
          var marker = L.marker([m.lat, m.lng], { title: m.name, alt: m.name, draggable: config.draggable, keyboard: true });
          marker.bindPopup(popup(m));
          if (config.draggable) { marker.on("dragend", function () { savePosition(m, marker); }); }
          return marker;
        });
        cluster.addLayers(markers);
        if (markers.length && window.location.search) { map.fitBounds(cluster.getBounds().pad(0.2)); }
        status.textContent = config.shown.replace("{count}", String(data.count));
      });
  }
  load();
})();
