// Test-runner extension, installed next to the product only by the test harness, never shipped.
// The extension host inherits code-server's environment: when RIPTIDE_TEST_SUITES names the
// compiled suites' index (out/test/extension/index.js, absolute) it runs them here, where
// `require('vscode')` is the real API, and the index writes the results to RIPTIDE_TEST_RESULTS.
'use strict';
const fs = require('node:fs');

exports.activate = function activate() {
  const index = process.env.RIPTIDE_TEST_SUITES;
  const resultsFile = process.env.RIPTIDE_TEST_RESULTS;
  if (!index || !resultsFile) return;
  // Not awaited: activation returns at once; the harness waits for the results file.
  Promise.resolve()
    .then(() => require(index).run())
    .catch((error) => {
      // run() writes the results itself; this covers an index that could not even be loaded.
      if (fs.existsSync(resultsFile)) return;
      const message = error instanceof Error ? error.stack || error.message : String(error);
      fs.writeFileSync(resultsFile, JSON.stringify({ passes: 0, failures: 1, pending: 0, durationMs: 0, tests: [], error: message }));
    });
};

exports.deactivate = function deactivate() {};
