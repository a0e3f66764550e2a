import * as assert from 'node:assert/strict';
import { analyzeCron, describeCron, nextRuns, toServerDialect } from '../../src/api/cron';

const from = new Date('2026-11-30T10:00:00Z'); // a Monday

describe('cron', () => {
  it('accepts every expression of the SDK documentation table as classic 5-field', () => {
    for (const expr of ['* * * * *', '0 * * * *', '0 0 * * *', '0 2 * * *', '0 0 * * 0', '0 0 1 * *', '*/5 * * * *', '0 9-17 * * 1-5']) {
      assert.deepEqual(analyzeCron(expr), { ok: true, fields: 5, hasSeconds: false }, expr);
    }
  });

  it('accepts the server dialect with seconds and an optional year', () => {
    assert.deepEqual(analyzeCron('0 0 2 * * *'), { ok: true, fields: 6, hasSeconds: true });
    assert.deepEqual(analyzeCron('0 0 2 * * * 2030'), { ok: true, fields: 7, hasSeconds: true });
  });

  it('rejects malformed expressions with a reason', () => {
    const bad = ['', 'bad', '* * * *', '0 61 * * *', '0 0 2 * * * 1800', '1 2 3 4 5 6 7 8'];
    for (const expr of bad) {
      const a = analyzeCron(expr);
      assert.equal(a.ok, false, expr);
      if (!a.ok) assert.ok(a.error.length > 5, expr);
    }
  });

  it('computes next runs in UTC for both dialects', () => {
    assert.deepEqual(nextRuns('0 2 * * *', 2, from).map((d) => d.toISOString()), ['2026-12-01T02:00:00.000Z', '2026-12-02T02:00:00.000Z']);
    assert.deepEqual(nextRuns('0 0 2 * * *', 1, from).map((d) => d.toISOString()), ['2026-12-01T02:00:00.000Z']);
    assert.deepEqual(nextRuns('*/5 * * * *', 1, from).map((d) => d.toISOString()), ['2026-11-30T10:05:00.000Z']);
    assert.deepEqual(nextRuns('0 9-17 * * 1-5', 1, new Date('2026-12-05T12:00:00Z')).map((d) => d.toISOString()), ['2026-12-07T09:00:00.000Z']);
  });

  it('honours the year field and ends for a past year', () => {
    assert.deepEqual(nextRuns('0 0 2 1 1 * 2027,2029', 3, from).map((d) => d.toISOString()), ['2027-01-01T02:00:00.000Z', '2029-01-01T02:00:00.000Z']);
    assert.deepEqual(nextRuns('0 0 2 * * * 2020', 3, from), []);
  });

  it('throws a message naming the expression for an invalid one', () => {
    assert.throws(() => nextRuns('nope', 1), /Invalid cron expression 'nope'/);
  });

  it('describes expressions in words', () => {
    assert.equal(describeCron('0 2 * * *'), 'At 02:00 AM');
    assert.equal(describeCron('*/5 * * * *'), 'Every 5 minutes');
    assert.match(describeCron('garbage'), /no description/);
  });

  it('converts classic expressions to the server dialect', () => {
    assert.equal(toServerDialect('0 2 * * *'), '0 0 2 * * *');
    assert.equal(toServerDialect('0 0 2 * * *'), '0 0 2 * * *');
    assert.equal(toServerDialect('@hourly'), '0 0 * * * *');
  });
});
