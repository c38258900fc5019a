// Render TeX to SVG with MathJax 3 for conf/svg_maths.py.
//
// Usage: node svg_maths.js MATHJAX_NODE_MAIN
//
// MATHJAX_NODE_MAIN is the path of MathJax's es5/node-main.js. The process
// reads one JSON request per line from standard input,
// {"tex": "...", "display": true} or {"glyphs": true}, and writes one JSON
// line per request to standard output: {"html": "..."} or {"error": "..."}.
// It exits when standard input closes. Standard output carries nothing
// else, so every console message goes to standard error.

"use strict";

const readline = require("readline");

for (const name of ["log", "info", "warn", "debug"]) {
  console[name] = (...args) => console.error(...args);
}

const nodeMain = process.argv[2];
if (!nodeMain) {
  console.error("usage: node svg_maths.js MATHJAX_NODE_MAIN");
  process.exit(2);
}

const config = {
  loader: {
    load: ["adaptors/liteDOM", "input/tex-full", "output/svg", "a11y/assistive-mml"],
    // The bundled liteDOM adaptor has no version stamp, and MathJax 3.2
    // warns about that on every start.
    versionWarnings: false,
  },
  tex: {
    // Without these two packages an unknown macro or a syntax error
    // raises instead of being drawn in red on the page.
    packages: { "[-]": ["noundefined", "noerrors"] },
    formatError(jax, error) {
      throw error;
    },
  },
  svg: {
    // The SVGs refer to their glyphs by id, and a {"glyphs": true}
    // request returns the <defs> of the glyphs used since the last one.
    fontCache: "global",
  },
  startup: { typeset: false },
};

function render(MathJax, request) {
  const adaptor = MathJax.startup.adaptor;
  if (request.glyphs) {
    const fontCache = MathJax.startup.output.fontCache;
    const defs = adaptor.outerHTML(fontCache.getCache());
    fontCache.clearCache();
    return defs;
  }
  const node = MathJax.tex2svg(request.tex, { display: Boolean(request.display) });
  return adaptor.outerHTML(node);
}

require(nodeMain)
  .init(config)
  .then((MathJax) => {
    const lines = readline.createInterface({ input: process.stdin, terminal: false });
    lines.on("line", (line) => {
      let reply;
      try {
        reply = { html: render(MathJax, JSON.parse(line)) };
      } catch (error) {
        reply = { error: error && error.message ? error.message : String(error) };
      }
      process.stdout.write(JSON.stringify(reply) + "\n");
    });
  })
  .catch((error) => {
    console.error("MathJax failed to start:", error);
    process.exit(1);
  });
