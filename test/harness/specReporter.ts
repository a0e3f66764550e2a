// Mocha's spec reporter, plus one line per skipped or pending test after the summary
// ("[tests] skipped: <full title>"), which .ci/run collects into its closing line. Used by the
// unit and UI runs (their .mocharc.json); the extension-host runner prints the same lines.
import Mocha from 'mocha';

class SpecWithSkipped extends Mocha.reporters.Spec {
  /** The line CI looks for; runExtensionTests.ts prints it too. */
  static skippedLine(fullTitle: string): string {
    return `[tests] skipped: ${fullTitle}`;
  }

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const skipped: string[] = [];
    runner.on('pending', (test) => skipped.push(test.fullTitle()));
    // Registered after the spec reporter's own summary, so these lines come after it.
    runner.once('end', () => skipped.forEach((title) => console.log(SpecWithSkipped.skippedLine(title))));
  }
}

export = SpecWithSkipped;
