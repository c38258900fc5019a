// Render TeX to SVG with MathJax 3 for conf/svg_maths.py.
//
// Usage: node svg_maths.js MATHJAX_NODE_MAIN
//
// MATHJAX_NODE_MAIN is the path of MathJax's es5/node-main.js. The process
// reads one JSON request per line from standard input,
// {"tex": "...", "display": true}, and writes one JSON line per request to
// standard output: {"html": "<mjx-container ...>"} or {"error": "..."}.
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
    // Each glyph is a path of its own, with no <defs> and no ids, so an
    // SVG is self-contained wherever Sphinx puts it. Compressed with gzip -6,
    // the book's maths pages came out 4 to 11 % smaller this way than with
    // fontCache "local", whose numbered ids defeat the compression of
    // repeated glyphs.
    fontCache: "none",
  },
  startup: { typeset: false },
};

function render(MathJax, request) {
  const node = MathJax.tex2svg(request.tex, { display: Boolean(request.display) });
  return MathJax.startup.adaptor.outerHTML(node);
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
