// The map of a solved plan: each village coloured by its planned technology (start year in its popup), villages
// planned after the chosen year in a pale colour, villages the plan leaves unconnected in grey. Polygons come
// from the region list's boundaries, dots where a village has none. Leaflet is shipped with Selaras (no tiles);
// the colours are read from the legend's swatches so rollout.css is their only source.
(function () {
  "use strict";

  function coloursFromLegend(legend) {
    const colours = {};
    legend.querySelectorAll("li[data-tech] .swatch").forEach((swatch) => {
      colours[swatch.parentElement.dataset.tech] = window.getComputedStyle(swatch).backgroundColor;
    });
    return colours;
  }

  function text(tag, value) {
    const el = document.createElement(tag);
    el.textContent = value;
    return el;
  }

  function start() {
    const holder = document.getElementById("plan-map");
    if (!holder || typeof L === "undefined") return;
    const form = document.getElementById("plan-map-filters");
    const count = document.getElementById("plan-map-count");
    const colours = coloursFromLegend(document.querySelector("[data-testid=plan-map-legend]"));
    const labels = holder.dataset;
    const villageUrl = labels.villageUrl.replace("/00/", "/");
    const map = L.map(holder, { zoomSnap: 0.25 });
    map.setView([0.5, 116.5], 6);
    count.textContent = labels.loading;
    let layer = null;
    let data = null;

    function kind(props, year) {
      if (!props.planned) return "none";
      return year && props.year > year ? "later" : props.tech;
    }

    function popup(props) {
      const box = document.createElement("div");
      box.appendChild(text("strong", props.name + " (" + props.code + ")"));
      const lines = props.planned
        ? [props.tech_label, labels.labelYear + ": " + props.year]
        : [labels.labelUnplanned];
      lines.push(labels.labelPopulation + ": " + props.population.toLocaleString() +
        (props.estimated ? " (" + labels.labelEstimated + ")" : ""));
      lines.forEach((line) => { box.appendChild(document.createElement("br")); box.appendChild(text("span", line)); });
      box.appendChild(document.createElement("br"));
      const link = text("a", labels.labelOpen);
      link.href = villageUrl + props.code + "/";
      box.appendChild(link);
      return box;
    }

    function style(feature, year) {
      const k = kind(feature.properties, year);
      return {
        color: "#33414e",
        weight: 0.5,
        fillOpacity: k === "none" ? 0.45 : 0.8,
        fillColor: colours[k] || colours.none || "#b8c0c8",
        className: "village plan-" + k,
      };
    }

    function draw() {
      const year = parseInt(new FormData(form).get("year") || "0", 10);
      if (layer) map.removeLayer(layer);
      let connected = 0;
      layer = L.geoJSON(data, {
        filter: (feature) => Boolean(feature.geometry),
        style: (feature) => style(feature, year),
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 5 }),
        onEachFeature: (feature, path) => {
          const props = feature.properties;
          if (kind(props, year) !== "none" && kind(props, year) !== "later") connected += 1;
          path.bindPopup(() => popup(props));
          path.on("add", () => {
            const el = path.getElement();
            if (el) {
              el.dataset.code = props.code;
              el.dataset.tech = props.tech;
              el.dataset.year = props.year || "";
            }
          });
        },
      }).addTo(map);
      count.textContent = connected + " / " + data.features.length;
      holder.dataset.connected = String(connected);
      const bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    }

    fetch(labels.source, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((json) => { data = json; draw(); holder.dataset.ready = "1"; });
    form.addEventListener("change", () => { if (data) draw(); });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
