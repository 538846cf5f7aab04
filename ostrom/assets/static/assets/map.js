// The directory's map: one marker for each result on the page that has a position, from the same
// results as the list (the JSON block the page writes). Tiles only when the site sets a tile server;
// otherwise the markers on a plain background, fitted to their bounds. Without JavaScript the map
// stays hidden and the list is the whole answer.
//
// Markers are buttons a keyboard reaches, named after the asset. Two assets a few doors apart would
// put one marker on top of the other, too close to tap apart, so at each zoom level a marker that
// would overlap one already drawn is drawn a little way off its point, on a spiral, until it is clear.
(function () {
  "use strict";
  var WIDTH = 25;
  var HEIGHT = 41;

  function iconAt(holder, offset) {
    return L.icon({
      iconUrl: holder.dataset.icon,
      iconRetinaUrl: holder.dataset.iconRetina,
      iconSize: [WIDTH, HEIGHT],
      iconAnchor: [12 - offset.x, HEIGHT - offset.y],
      popupAnchor: [1 + offset.x, -34 + offset.y],
    });
  }

  function overlaps(a, b) {
    return Math.abs(a.x - b.x) < WIDTH + 2 && Math.abs(a.y - b.y) < HEIGHT + 2;
  }

  function spread(map, holder, drawn) {
    var placed = [];
    drawn.forEach(function (marker) {
      var point = map.latLngToLayerPoint(marker.getLatLng());
      var offset = L.point(0, 0);
      var step = 0;
      while (placed.some(function (other) { return overlaps(other, point.add(offset)); }) && step < 500) {
        step += 1;
        var angle = step * 2.4;
        var radius = 14 * Math.sqrt(step);
        offset = L.point(Math.round(Math.cos(angle) * radius * 1.6), Math.round(Math.sin(angle) * radius * 2.4));
      }
      placed.push(point.add(offset));
      marker.setIcon(iconAt(holder, offset));
    });
  }

  function start() {
    var holder = document.getElementById("assets-map");
    var data = document.getElementById("assets-map-markers");
    if (!holder || !data || typeof L === "undefined") {
      return;
    }
    var items = JSON.parse(data.textContent);
    if (!items.length) {
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
    var group = L.featureGroup();
    var drawn = items.map(function (item) {
      var marker = L.marker([item.lat, item.lng], {
        icon: iconAt(holder, L.point(0, 0)),
        title: item.name,
        alt: item.name,
        keyboard: true,
      });
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
      return marker;
    });
    group.addTo(map);
    // Keep markers clear of the zoom buttons in the top left corner, so each can be tapped on its own.
    map.fitBounds(group.getBounds(), { paddingTopLeft: [70, 90], paddingBottomRight: [40, 40], maxZoom: 15 });
    spread(map, holder, drawn);
    map.on("zoomend", function () { spread(map, holder, drawn); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
