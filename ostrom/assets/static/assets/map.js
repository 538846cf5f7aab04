// The directory's map: one marker for each result on the page that has a position, from the same
// results as the list (the JSON block the page writes). Tiles only when the site sets a tile server;
// otherwise the markers on a plain background, fitted to their bounds. Without JavaScript the map
// stays hidden and the list is the whole answer.
(function () {
  "use strict";
  function start() {
    var holder = document.getElementById("assets-map");
    var data = document.getElementById("assets-map-markers");
    if (!holder || !data || typeof L === "undefined") {
      return;
    }
    var markers = JSON.parse(data.textContent);
    if (!markers.length) {
      return;
    }
    holder.hidden = false;
    var map = L.map(holder, { scrollWheelZoom: false, attributionControl: Boolean(holder.dataset.tilesUrl) });
    if (holder.dataset.tilesUrl) {
      L.tileLayer(holder.dataset.tilesUrl, {
        attribution: holder.dataset.tilesAttribution,
        maxZoom: 19,
      }).addTo(map);
    }
    var icon = L.icon({
      iconUrl: holder.dataset.icon,
      iconRetinaUrl: holder.dataset.iconRetina,
      shadowUrl: holder.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    var group = L.featureGroup();
    markers.forEach(function (item) {
      var marker = L.marker([item.lat, item.lng], { icon: icon, title: item.name, alt: item.name, keyboard: true });
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.className = "nhsuk-link";
      link.href = item.url;
      link.textContent = item.name;
      var where = document.createElement("p");
      where.className = "nhsuk-body-s nhsuk-u-margin-bottom-0";
      where.textContent = item.where;
      popup.appendChild(link);
      popup.appendChild(where);
      marker.bindPopup(popup);
      group.addLayer(marker);
    });
    group.addTo(map);
    map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 15 });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
