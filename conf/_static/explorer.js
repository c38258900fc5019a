/*
 * Slope and bias explorers of the sigmoid book.
 *
 * sigmoid_explainer.explorer writes each explorer into the page with the
 * curves of every slider setting as JSON. This script draws the start
 * setting with plotly.js and, when a slider moves, hands plotly.js the
 * stored curves of the new setting. It computes no curve itself.
 */
"use strict";

(function () {
  function stepIndex(inputs) {
    // Row-major over the sliders, as in Explorer.settings().
    let index = 0;
    for (const input of inputs) {
      index = index * (Number(input.max) + 1) + Number(input.value);
    }
    return index;
  }

  function setUp(root) {
    const data = JSON.parse(root.querySelector("script.explorer-data").textContent);
    const plot = root.querySelector(".explorer-plot");
    const summary = root.querySelector(".explorer-summary");
    const inputs = data.sliders.map((id) => document.getElementById(id));
    const traces = data.figure.data.map((_, i) => i);

    function show() {
      const step = data.steps[stepIndex(inputs)];
      for (const input of inputs) {
        const value = JSON.parse(input.dataset.values)[Number(input.value)];
        const text = input.dataset.parameter + " = " + value;
        document.getElementById(input.id + "-value").value = String(value);
        input.setAttribute("aria-valuetext", text);
      }
      summary.textContent = step.description;
      plot.setAttribute("aria-label", data.title + ". " + step.description);
      const x = step.x.map((values) => values || data.grid);
      return Plotly.restyle(plot, { x: x, y: step.y }, traces);
    }

    const config = { displayModeBar: false, responsive: true };
    Plotly.newPlot(plot, data.figure.data, data.figure.layout, config).then(() => {
      for (const input of inputs) {
        input.addEventListener("input", show);
      }
      root.dataset.ready = "true";
    });
  }

  function setUpAll() {
    // Tells the style sheet to hide the static stand-ins on screen; without
    // script they stay visible.
    document.documentElement.classList.add("explorer-scripted");
    document.querySelectorAll(".sigmoid-explorer").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
