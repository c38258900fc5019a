/*
 * Slope and bias explorers of the sigmoid book.
 *
 * sigmoid_explainer.explorer writes each explorer into the page with the
 * curves of every slider setting as JSON and a static image of the start
 * setting. The sliders, their <output> values and the summary work without
 * plotly.js. plotly.js is fetched only on the reader's first sign of intent
 * on any explorer: a pointer, touch, focus or input event. Every explorer
 * then draws its live plot at the current slider values in place of the
 * image.
 * When a slider moves, the script hands plotly.js the stored curves of the
 * new setting. It computes no curve itself.
 */
"use strict";

(function () {
  const INTENT_EVENTS = ["pointerenter", "pointerdown", "touchstart", "focusin", "input"];
  const LOADING_MESSAGE = "Loading the interactive plot…";
  const FAILED_MESSAGE =
    "The interactive plot could not be loaded, so the figure shows the start " +
    "setting only. The sliders, the summary and the data table still work.";

  let plotlyPromise = null;

  function loadPlotly() {
    // One promise per page, so all explorers share one request.
    if (plotlyPromise) {
      return plotlyPromise;
    }
    plotlyPromise = new Promise((resolve, reject) => {
      // conf/conf.py writes the bundle's checksum-stamped URL into the page
      // as a script of type text/plain, which the browser does not fetch.
      const placeholder = document.getElementById("plotly-js");
      if (!placeholder || !placeholder.getAttribute("src")) {
        reject(new Error("the page has no <script id=\"plotly-js\"> with a src"));
        return;
      }
      const script = document.createElement("script");
      script.src = placeholder.src;
      script.async = true;
      script.addEventListener("load", () => {
        if (window.Plotly) {
          resolve(window.Plotly);
        } else {
          reject(new Error(script.src + " loaded but did not define Plotly"));
        }
      });
      script.addEventListener("error", () => {
        reject(new Error("failed to load " + script.src));
      });
      document.head.appendChild(script);
    });
    return plotlyPromise;
  }

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
    const status = root.querySelector(".explorer-status");
    const inputs = data.sliders.map((id) => document.getElementById(id));
    const traces = data.figure.data.map((_, i) => i);
    let drawn = false;

    function currentCurves() {
      const step = data.steps[stepIndex(inputs)];
      return { x: step.x.map((values) => values || data.grid), y: step.y };
    }

    function restyle() {
      const curves = currentCurves();
      return Plotly.restyle(plot, { x: curves.x, y: curves.y }, traces);
    }

    function show() {
      const description = data.steps[stepIndex(inputs)].description;
      for (const input of inputs) {
        const value = JSON.parse(input.dataset.values)[Number(input.value)];
        const text = input.dataset.parameter + " = " + value;
        document.getElementById(input.id + "-value").value = String(value);
        input.setAttribute("aria-valuetext", text);
      }
      summary.textContent = description;
      plot.setAttribute("aria-label", data.title + ". " + description);
      if (drawn) {
        restyle();
      }
    }

    function draw() {
      // The traces start at the current setting, so that a slider moved
      // while plotly.js was loading is honoured.
      const drawnIndex = stepIndex(inputs);
      const curves = currentCurves();
      const figureData = data.figure.data.map((trace, i) =>
        Object.assign({}, trace, { x: curves.x[i], y: curves.y[i] }),
      );
      const config = { displayModeBar: false, responsive: true };
      return Plotly.newPlot(plot, figureData, data.figure.layout, config).then(() => {
        drawn = true;
        root.querySelector(".explorer-static")?.remove();
        status.textContent = "";
        root.dataset.ready = "true";
        // A slider may have moved while newPlot ran.
        if (stepIndex(inputs) !== drawnIndex) {
          return restyle();
        }
      });
    }

    function fail(error) {
      status.textContent = FAILED_MESSAGE;
      root.dataset.ready = "failed";
      console.warn("Explorer " + root.id + ": " + error.message);
    }

    for (const input of inputs) {
      input.addEventListener("input", show);
    }
    return {
      root: root,
      showLoading: () => {
        status.textContent = LOADING_MESSAGE;
      },
      draw: draw,
      fail: fail,
    };
  }

  function setUpAll() {
    // Tells the style sheet to hide the static stand-ins for print on
    // screen; without script they stay visible.
    document.documentElement.classList.add("explorer-scripted");
    const explorers = Array.from(document.querySelectorAll(".sigmoid-explorer"), setUp);

    function activate(event) {
      for (const explorer of explorers) {
        for (const type of INTENT_EVENTS) {
          explorer.root.removeEventListener(type, activate);
        }
        // Only the explorer that the reader turned to says so, because
        // three status lines at once would be read out three times.
        if (explorer.root === event.currentTarget) {
          explorer.showLoading();
        }
      }
      loadPlotly().then(
        () => explorers.forEach((explorer) => explorer.draw().catch(explorer.fail)),
        (error) => explorers.forEach((explorer) => explorer.fail(error)),
      );
    }

    for (const explorer of explorers) {
      for (const type of INTENT_EVENTS) {
        explorer.root.addEventListener(type, activate, { passive: true });
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
