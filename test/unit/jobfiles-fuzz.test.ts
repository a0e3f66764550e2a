// Property-based fuzz of the job-file analysis: random texts, random JSON values written as JSON
// and YAML, and mutations of valid files. It never throws, and every range it returns lies
// inside the document.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { analyzeJobFile, jobTemplate, scheduleTemplate, type JobFileAnalysis, type Range } from '../../src/jobfiles';
import { JOB_TYPE_NAMES } from '../../src/api/schemas';

const NOW = new Date('2025-01-15T10:00:00Z');
const NAMES = ['a.job.json', 'a.job.yaml', 'a.schedule.json', 'a.schedule.yml'];

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertInside(range: Range, lengths: number[], what: string): void {
  for (const p of [range.start, range.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lengths.length, `${what}: line ${p.line} outside 0..${lengths.length - 1}`);
    assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= lengths[p.line], `${what}: character ${p.character} past line ${p.line}`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: range ends before it starts`);
}

/** Analyses a text under every file name and checks the invariants. */
function check(text: string): void {
  const lengths = lineLengths(text);
  for (const name of NAMES) {
    let a: JobFileAnalysis;
    try {
      a = analyzeJobFile(text, name, { now: NOW });
    } catch (err) {
      assert.fail(`threw on ${JSON.stringify(text)}: ${String(err)}`);
    }
    assert.ok(!a.problems.some((p) => p.code === 'internal-error'), `internal error on ${JSON.stringify(text)}: ${a.problems[0]?.message}`);
    for (const p of a.problems) {
      assertInside(p.range, lengths, p.message);
      if (p.fix) assertInside(p.fix.range, lengths, `fix of ${p.message}`);
      assert.ok(p.message.length > 0 && !/Invalid input|received/.test(p.message), `zod wording leaked: ${p.message}`);
    }
    for (const e of a.entries) {
      assertInside(e.range, lengths, `entry ${e.index}`);
      if (e.cron) assertInside(e.cron.range, lengths, 'cron');
    }
    assert.equal(a.ok, a.entries.length > 0 && !a.problems.some((p) => p.severity === 'error'));
  }
}

const VALID_TEXTS = [
  ...JOB_TYPE_NAMES.flatMap((t) => [jobTemplate(t, 'json'), jobTemplate(t, 'yaml')]),
  scheduleTemplate('json'),
  scheduleTemplate('yaml'),
];

/** Characters that matter to the parsers, so random texts hit interesting paths. */
const syntaxChar = fc.constantFrom(...'{}[]:,"\'-#*&!|>%@`\n\r\t \\/?'.split(''), '---', 'job_type', 'type', 'urls', 'batch_crawl', 'cron_expression', '\uFEFF', '\u00e9', '\ud83d\ude00');
const syntaxText = fc.array(fc.oneof(syntaxChar, fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** A JSON value shaped a bit like a job: keys the schema knows, with values of any type. */
const KNOWN_KEYS = ['job_type', 'type', 'urls', 'url', 'priority', 'retry_config', 'max_attempts', 'metadata', 'timeout_secs', 'name', 'cron_expression', 'job_template', 'options', 'payload'];
const jobLike = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 12 }),
    fc.constantFrom('batch_crawl', 'single_crawl', 'maintenance', 'custom', 'https://example.com', 'High', 'low', '0 2 * * *', '*/5 * * * *'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 5 }),
}));

/** A valid file with a random edit: a slice deleted, a text inserted, or a character replaced. */
const mutated = fc
  .tuple(fc.constantFrom(...VALID_TEXTS), fc.nat(), fc.nat({ max: 8 }), syntaxText)
  .map(([text, at, length, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + length);
  });

describe('job files: fuzz', function () {
  // Thousands of generated files each: seconds on an idle machine, far more on a loaded one.
  this.timeout(120_000);
  it('random texts', () => {
    fc.assert(fc.property(syntaxText, (text) => check(text)), { numRuns: 1500, seed: 42 });
  });

  it('random job-like values written as JSON and as YAML', () => {
    fc.assert(
      fc.property(fc.oneof(jobLike.object, fc.array(jobLike.object, { maxLength: 3 }), jobLike.value), (value) => {
        check(JSON.stringify(value, null, 2) ?? '');
        check(toYaml(value));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('mutations of valid job and schedule files', () => {
    fc.assert(fc.property(mutated, (text) => check(text)), { numRuns: 2500, seed: 1234 });
  });

  it('the invariants checker catches a range outside the document', () => {
    assert.throws(() => assertInside({ start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, [3, 4], 'x'));
    assert.throws(() => assertInside({ start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, [3], 'x'));
  });
});
