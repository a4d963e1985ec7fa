// The village connectivity map: village polygons (or points) from the GeoJSON export, coloured by status, filtered
// in place when the page has the filter form. Features with an `area` property are outlines drawn underneath
// (the public page's regencies). Leaflet is shipped with Selaras; there is no tile server unless data-basemap
// names one. Without data-village-url (the public page) a village opens nothing when clicked.
(function () {
  "use strict";
  const COLOURS = { live: "#1a7f37", down: "#a4161a", installing: "#d98e04", planned: "#f2c94c", none: "#b8c0c8" };

  function matches(props, filters) {
    if (filters.regency && props.regency_code !== filters.regency) return false;
    if (filters.status && props.status !== filters.status) return false;
    if (filters.technology && props.technologies.indexOf(filters.technology) < 0) return false;
    return true;
  }

  function start() {
    const holder = document.getElementById("map");
    if (!holder || typeof L === "undefined") return;
    const form = document.getElementById("map-filters");
    const count = document.getElementById("map-count");
    const map = L.map(holder, { preferCanvas: false, zoomSnap: 0.25 });
    if (holder.dataset.basemap) {
      L.tileLayer(holder.dataset.basemap, { maxZoom: 18 }).addTo(map);
    }
    map.setView([0.5, 116.5], 6);
    count.textContent = holder.dataset.loading;
    const villageUrl = holder.dataset.villageUrl ? holder.dataset.villageUrl.replace("/00/", "/") : "";
    let layer = null;
    let data = null;

    function draw() {
      const filters = form ? Object.fromEntries(new FormData(form).entries()) : {};
      if (layer) map.removeLayer(layer);
      let shown = 0;
      layer = L.geoJSON(data, {
        filter: (feature) => feature.geometry && (feature.properties.area || matches(feature.properties, filters)),
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 4 }),
        style: (feature) => feature.properties.area ? { color: "#33414e", weight: 1, fill: false, interactive: false } : ({
          color: "#33414e",
          weight: 0.5,
          fillOpacity: 0.75,
          fillColor: COLOURS[feature.properties.status] || COLOURS.none,
          className: "village status-" + feature.properties.status,
        }),
        onEachFeature: (feature, path) => {
          const p = feature.properties;
          if (p.area) return;
          shown += 1;
          // Names are data, never markup: the tooltip gets an element whose text is set (issue 12).
          const tip = document.createElement("span");
          tip.textContent = p.desa_kelurahan + " (" + p.kecamatan + ")" + (p.contoh ? " · " + p.contoh : "");
          path.bindTooltip(tip);
          if (villageUrl) path.on("click", () => { window.location.href = villageUrl + p.kode_wilayah + "/"; });
          path.on("add", () => {
            const el = path.getElement();
            if (el) { el.dataset.code = p.kode_wilayah; el.dataset.status = p.status; }
          });
        },
      }).addTo(map);
      count.textContent = shown + " / " + data.features.filter((f) => !f.properties.area).length;
      holder.dataset.shown = String(shown);
      const bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    }

    fetch(holder.dataset.source, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((json) => { data = json; draw(); holder.dataset.ready = "1"; });
    if (form) form.addEventListener("change", () => { if (data) draw(); });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
