import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeCron, describeCron, nextRuns, scheduleCronError, setCronLanguage, toServerDialect, weekdayHint } from '../../src/api/cron';

const from = new Date('2026-11-30T10:00:00Z'); // a Monday
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The weekdays (Sun..Sat) an expression runs on in the next four weeks at 09:00 UTC or so. */
function weekdays(expr: string, start = new Date('2025-01-01T00:00:00Z')): string[] {
  const days = new Set(nextRuns(expr, 40, start).map((d) => d.getUTCDay()));
  return [...days].sort().map((d) => DAYS[d]);
}

function iso(dates: Date[]): string[] {
  return dates.map((d) => d.toISOString());
}

describe('cron', () => {
  describe('dialects and validity', () => {
    it('accepts every expression of the SDK documentation table as classic 5-field', () => {
      for (const expr of ['* * * * *', '0 * * * *', '0 0 * * *', '0 2 * * *', '0 0 * * 0', '0 0 1 * *', '*/5 * * * *', '0 9-17 * * 1-5']) {
        assert.deepEqual(analyzeCron(expr), { ok: true, dialect: 'classic', fields: 5 }, expr);
      }
    });

    it('reads 6 or 7 fields as the server dialect', () => {
      assert.deepEqual(analyzeCron('0 0 2 * * *'), { ok: true, dialect: 'server', fields: 6 });
      assert.deepEqual(analyzeCron('0 0 2 * * * 2030'), { ok: true, dialect: 'server', fields: 7 });
    });

    it('nicknames: the five the server takes in lower case are both dialects; @annually, @midnight and other cases are classic only', () => {
      for (const n of ['@yearly', '@monthly', '@weekly', '@daily', '@hourly']) {
        assert.equal(analyzeCron(n).ok && analyzeCron(n).ok && (analyzeCron(n) as { dialect: string }).dialect, 'server', n);
        assert.equal(scheduleCronError(n, true), undefined, n);
      }
      for (const n of ['@annually', '@midnight', '@Daily', '@HOURLY']) {
        assert.equal((analyzeCron(n) as { dialect: string }).dialect, 'classic', n);
        assert.match(scheduleCronError(n, true) ?? '', /nicknames taken are @yearly, @monthly, @weekly, @daily and @hourly/, n);
        assert.equal(scheduleCronError(n, false), undefined, n);
      }
      assert.deepEqual(toServerDialect('@annually'), { ok: true, expression: '@yearly' });
      assert.deepEqual(toServerDialect('@Daily'), { ok: true, expression: '@daily' });
      assert.deepEqual(toServerDialect('@hourly'), { ok: true, expression: '@hourly' });
      assert.equal(analyzeCron('@reboot').ok, false);
    });

    it('rejects malformed expressions with a reason', () => {
      const bad = ['', 'bad', '* * * *', '0 61 * * *', '0 0 2 * * * 1800', '1 2 3 4 5 6 7 8'];
      for (const expr of bad) {
        const a = analyzeCron(expr);
        assert.equal(a.ok, false, expr);
        if (!a.ok) assert.ok(a.error.length > 5, expr);
      }
    });

    // The Rust cron crate 0.13's grammar, which the RipTide server parses with.
    const serverCases: Array<[string, RegExp | null]> = [
      ['0 0 9 * * 1-7', null],
      ['0 0 9 * * SUN-SAT', null],
      ['0 0 9 * * sunday,Monday,TUES,thurs', null],
      ['0 0 9 ? * MON', null],
      ['0 0 9 1 * ?', null],
      ['0 0 9 ?/2 * *', null],
      ['5/15 * * * * *', null],
      ['0 0 9 * JAN-MAR/2 *', null],
      ['0 0 9 * january,February *', null],
      ['0 0 0 1 1 * 1970-2100/5', null],
      ['0 0 9 * * 0', /weekday 0 is not valid on the RipTide server: it counts 1 = Sunday to 7 = Saturday/],
      ['0 0 9 * * 8', /day of week 8 is out of range \(1-7\)/],
      ['? 0 9 * * *', /'\?' is allowed only in the day-of-month and day-of-week fields/],
      ['0 0 9 * ? *', /'\?' is allowed only in the day-of-month/],
      ['0 0 9 L * *', /no 'L' \(last\)/],
      ['0 0 9 15W * *', /no 'W' \(nearest weekday\)/],
      ['0 0 9 * * 6#2', /no '#' \(nth weekday of the month\)/],
      ['0 0 9 * * 6L', /no 'L'/],
      ['0 0 9 * * FRI-MON', /runs backwards/],
      ['0 0 9 * * MON/2', /a step needs '\*', a number or a range before the '\/'/],
      ['0 0 9 * * 3-THU', /numbers on both sides or names on both sides/],
      ['0 0 9 * * FUNDAY', /'FUNDAY' is not a day of the week/],
      ['0 0 9 * JANU *', /'JANU' is not a month/],
      ['0 0 MON * * *', /the hours field takes numbers only/],
      ['*/0 * * * * *', /step in the seconds field must be between 1 and 59/],
      ['*/60 * * * * *', /between 1 and 59/],
      ['0 0 9 1,,2 * *', /an empty item in the day of month field/],
      ['0 0 9 * * * 1969', /year 1969 is out of range \(1970-2100\)/],
      ['0 0 9 * * * 2101', /out of range/],
    ];
    for (const [expr, error] of serverCases) {
      it(`server dialect: '${expr}' ${error ? 'is refused' : 'is taken'}`, () => {
        const a = analyzeCron(expr);
        if (!error) return assert.deepEqual(a.ok, true, JSON.stringify(a));
        assert.equal(a.ok, false);
        if (!a.ok) assert.match(a.error, error);
      });
    }

    it('places an error on the field (and the list item) it is about', () => {
      const a = analyzeCron('0 0 9 * * MON,0');
      assert.ok(!a.ok);
      if (!a.ok) assert.deepEqual(a.span, { start: 14, end: 15 });
      const c = analyzeCron('0 61 * * *');
      assert.ok(!c.ok);
      if (!c.ok) assert.deepEqual(c.span, { start: 2, end: 4 }, 'a classic error on the one field croner refuses');
    });

    it('the RipTide server takes only its own dialect; the contract server takes both', () => {
      assert.match(scheduleCronError('0 9 * * 1-5', true) ?? '', /expected 6 or 7 fields/);
      assert.equal(scheduleCronError('0 9 * * 1-5', false), undefined);
      assert.equal(scheduleCronError('0 0 9 * * MON-FRI', true), undefined);
      assert.match(scheduleCronError('0 0 9 * * 0', false) ?? '', /weekday 0 is not valid/);
    });
  });

  describe('meaning: each dialect by its own rules', () => {
    it('classic: 0 and 7 are Sunday, 1-5 Monday to Friday', () => {
      assert.deepEqual(weekdays('0 9 * * 0'), ['Sun']);
      assert.deepEqual(weekdays('0 9 * * 7'), ['Sun']);
      assert.deepEqual(weekdays('0 9 * * 1-5'), ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
    });

    it('server: 1 is Sunday, 7 Saturday, 1-5 Sunday to Thursday; names mean what they say', () => {
      assert.deepEqual(weekdays('0 0 9 * * 1'), ['Sun']);
      assert.deepEqual(weekdays('0 0 9 * * 7'), ['Sat']);
      assert.deepEqual(weekdays('0 0 9 * * 1-5'), ['Sun', 'Mon', 'Tue', 'Wed', 'Thu']);
      assert.deepEqual(weekdays('0 0 9 * * 2-6'), ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
      assert.deepEqual(weekdays('0 0 9 * * MON-FRI'), ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
      assert.deepEqual(weekdays('0 0 9 * * monday,Wednesday,FRIDAY'), ['Mon', 'Wed', 'Fri']);
      assert.deepEqual(weekdays('0 0 9 * * */2'), ['Sun', 'Tue', 'Thu', 'Sat']);
      assert.deepEqual(weekdays('0 0 9 * * 2/2'), ['Mon', 'Wed', 'Fri'], 'a point with a step runs to the end of the field');
    });

    it('classic ORs both restricted day fields; the server ANDs them', () => {
      // 2025-06-01 is a Sunday: classic runs on the 1st of each month and on every Sunday.
      const classic = iso(nextRuns('0 9 1 * 0', 3, new Date('2025-05-20T00:00:00Z')));
      assert.deepEqual(classic, ['2025-05-25T09:00:00.000Z', '2025-06-01T09:00:00.000Z', '2025-06-08T09:00:00.000Z']);
      const server = iso(nextRuns('0 0 9 1 * SUN', 2, new Date('2025-05-20T00:00:00Z')));
      assert.deepEqual(server, ['2025-06-01T09:00:00.000Z', '2026-02-01T09:00:00.000Z']);
    });

    it('computes next runs in UTC for both dialects', () => {
      assert.deepEqual(iso(nextRuns('0 2 * * *', 2, from)), ['2026-12-01T02:00:00.000Z', '2026-12-02T02:00:00.000Z']);
      assert.deepEqual(iso(nextRuns('0 0 2 * * *', 1, from)), ['2026-12-01T02:00:00.000Z']);
      assert.deepEqual(iso(nextRuns('*/5 * * * *', 1, from)), ['2026-11-30T10:05:00.000Z']);
      assert.deepEqual(iso(nextRuns('0 9-17 * * 1-5', 1, new Date('2026-12-05T12:00:00Z'))), ['2026-12-07T09:00:00.000Z']);
      assert.deepEqual(iso(nextRuns('@weekly', 1, from)), ['2026-12-06T00:00:00.000Z'], '@weekly is Sunday midnight in both');
    });

    it('honours the year field and ends for a past year', () => {
      assert.deepEqual(iso(nextRuns('0 0 2 1 1 * 2027,2029', 3, from)), ['2027-01-01T02:00:00.000Z', '2029-01-01T02:00:00.000Z']);
      assert.deepEqual(nextRuns('0 0 2 * * * 2020', 3, from), []);
    });

    it('throws a message naming the expression for an invalid one', () => {
      assert.throws(() => nextRuns('nope', 1), /Invalid cron expression 'nope'/);
    });

    it('a day no month in the expression has never comes, in either dialect; a weekday still may in classic cron', () => {
      for (const never of ['0 0 0 31 2 *', '0 0 0 30 FEB ?', '0 0 0 31 4,6,9,11 *', '0 0 0 31 APR-JUN/2 *', '0 0 12 30-31 2 MON', '0 0 31 2 *', '0 0 30,31 feb *']) {
        assert.deepEqual(nextRuns(never, 1, from), [], never);
      }
      // Ranges, steps and lists that reach a possible date, and classic's OR with a weekday.
      assert.deepEqual(iso(nextRuns('0 0 0 29 2 *', 1, from)), ['2028-02-29T00:00:00.000Z']);
      assert.deepEqual(iso(nextRuns('0 0 0 28-31 2 *', 1, from)), ['2027-02-28T00:00:00.000Z']);
      assert.deepEqual(iso(nextRuns('0 0 0 31 */2 *', 1, from)), ['2027-01-31T00:00:00.000Z']);
      assert.deepEqual(iso(nextRuns('0 0 31 2 1', 1, from)), ['2027-02-01T00:00:00.000Z'], 'classic: the 31st of February OR a Monday in February');
    });

    it('describes each dialect in words by its own weekday numbering and day logic', () => {
      assert.equal(describeCron('0 2 * * *'), 'At 02:00 AM');
      assert.equal(describeCron('*/5 * * * *'), 'Every 5 minutes');
      assert.match(describeCron('0 9 * * 1-5'), /Monday through Friday/);
      assert.match(describeCron('0 0 9 * * 1-5'), /Sunday through Thursday/);
      assert.match(describeCron('0 0 9 * * TUES-THURSDAY'), /Tuesday through Thursday/);
      assert.match(describeCron('0 9 1 * 1'), /on day 1 of the month, and on Monday/);
      assert.match(describeCron('0 0 9 1 * MON'), /on day 1 of the month, only on Monday/);
      assert.match(describeCron('garbage'), /no description/);
    });

    it("describes in the display language with cronstrue's locale, English for one it has none of", () => {
      assert.equal(describeCron('0 0 9 * * 2-6', 'de'), 'Um 09:00, Montag bis Freitag'); // server numbering: 2-6 is Monday to Friday
      assert.equal(describeCron('0 2 * * *', 'pt-br'), 'Às 02:00');
      assert.match(describeCron('0 9 * * 1-5', 'zh-cn'), /星期一至星期五/);
      assert.match(describeCron('0 9 * * 1-5', 'fr-ca'), /de lundi à vendredi/); // a regional variant falls back to its language
      for (const unknown of ['xx', 'qps-ploc', 'en-gb', '']) assert.equal(describeCron('0 2 * * *', unknown), 'At 02:00 AM', unknown);
      assert.match(describeCron('garbage', 'de'), /no description/);
    });

    it('follows the language set at activation', () => {
      try {
        setCronLanguage('de');
        assert.equal(describeCron('0 2 * * *'), 'Um 02:00');
      } finally {
        setCronLanguage('en');
      }
      assert.equal(describeCron('0 2 * * *'), 'At 02:00 AM');
    });
  });

  describe('converting classic to the server dialect', () => {
    const cases: Array<[string, string]> = [
      ['0 2 * * *', '0 0 2 * * *'],
      ['0 9-17 * * 1-5', '0 0 9-17 * * MON-FRI'],
      ['0 9 * * 0', '0 0 9 * * SUN'],
      ['0 9 * * 7', '0 0 9 * * SUN'],
      ['0 9 * * 0,7', '0 0 9 * * SUN'],
      ['0 9 * * 5-7', '0 0 9 * * SUN,FRI,SAT'],
      ['0 9 * * 1,3,5', '0 0 9 * * MON,WED,FRI'],
      ['0 9 * * MON-FRI', '0 0 9 * * MON-FRI'],
      ['0 9 * * 1-3,SAT', '0 0 9 * * MON-WED,SAT'],
      ['0 9 ? * 1', '0 0 9 ? * MON'],
      ['0 9 1 * *', '0 0 9 1 * *'],
      ['*/15 0-6/2 1-15 JAN-JUN *', '0 */15 0-6/2 1-15 JAN-JUN *'],
      ['0 9 1 * 0-6', '0 0 9 * * *'],
      ['0 0 9 * * MON-FRI', '0 0 9 * * MON-FRI'],
    ];
    for (const [classic, server] of cases) {
      it(`'${classic}' becomes '${server}'`, () => assert.deepEqual(toServerDialect(classic), { ok: true, expression: server }));
    }

    it('refuses what it cannot keep: OR of both day fields, L, W and #, each with the reason and where', () => {
      const or = toServerDialect('0 9 1 * 1');
      assert.ok(!or.ok);
      if (!or.ok) {
        assert.match(or.error, /OR on weekday '1'; the RipTide server runs a schedule only when both match/);
        assert.match(or.error, /'0 0 9 1 \* \*' and '0 0 9 \* \* MON'/);
        assert.deepEqual(or.span, { start: 4, end: 9 });
      }
      for (const [expr, why] of [['0 9 L * *', /no 'L'/], ['0 9 15W * *', /'W'/], ['0 9 * * 5#2', /'#'/], ['0 9 * * 5L', /'L'/]] as const) {
        const r = toServerDialect(expr);
        assert.ok(!r.ok, expr);
        if (!r.ok) assert.match(r.error, why, expr);
      }
    });
  });

  describe('numeric weekdays in the server dialect', () => {
    it("names the days it runs on the server and suggests the classic reading's names", () => {
      const hint = weekdayHint('0 0 9-17 * * 1-5');
      assert.equal(hint?.message, "weekday '1-5' runs Sunday to Thursday on the RipTide server, which counts 1 = Sunday to 7 = Saturday; did you mean MON-FRI?");
      assert.equal(hint?.suggestion, '0 0 9-17 * * MON-FRI');
      assert.deepEqual(hint?.span, { start: 13, end: 16 });
      assert.match(weekdayHint('0 0 9 * * 7')?.message ?? '', /runs Saturday .*did you mean SUN\?/);
      assert.match(weekdayHint('0 0 9 * * 1,3,5')?.message ?? '', /runs Sunday, Tuesday and Thursday .*did you mean MON,WED,FRI\?/);
      assert.match(weekdayHint('0 0 9 * * 2,SAT')?.message ?? '', /runs Monday and Saturday .*did you mean TUE,SAT\?/);
    });

    it('says nothing where both numberings agree or no numbers are written', () => {
      for (const expr of ['0 0 9 * * MON-FRI', '0 0 9 * * *', '0 0 9 ? * ?', '0 0 9 * * 1-7', '0 0 9 * * */2', '@weekly', '0 9 * * 1-5']) {
        assert.equal(weekdayHint(expr), undefined, expr);
      }
    });
  });

  describe('properties', () => {
    const item = (min: number, max: number, names?: string[]) => {
      const n = fc.integer({ min, max });
      const text = names ? fc.oneof(n.map(String), fc.integer({ min: 0, max: names.length - 1 }).map((i) => names[i])) : n.map(String);
      return fc.oneof(
        { weight: 3, arbitrary: text },
        fc.tuple(n, n).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 1, max: Math.min(max, 12) }).map((s) => `*/${s}`),
        fc.tuple(n, n, fc.integer({ min: 1, max: 5 })).map(([a, b, s]) => `${Math.min(a, b)}-${Math.max(a, b)}/${s}`),
      );
    };
    const field = (min: number, max: number, names?: string[], star = ['*']) =>
      fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...star) }, fc.array(item(min, max, names), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(',')));
    const classic = fc
      .tuple(
        field(0, 59),
        field(0, 23),
        field(1, 28, undefined, ['*', '?']),
        field(1, 12, ['JAN', 'MAR', 'jun', 'DEC']),
        field(0, 7, ['SUN', 'MON', 'tue', 'FRI', 'sat'], ['*', '?']),
      )
      .map((f) => f.join(' '));
    const start = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });

    it('a converted classic expression runs at the same times as the classic one, is taken by the server, and draws no weekday warning', () => {
      fc.assert(
        fc.property(classic, start, (expr, at) => {
          if (!analyzeCron(expr).ok) return; // croner refuses a few generated forms (e.g. a step larger than its range)
          const converted = toServerDialect(expr);
          if (!converted.ok) {
            assert.match(converted.error, /both match/, `${expr}: only the OR of both day fields is unconvertible here`);
            return;
          }
          assert.equal(scheduleCronError(converted.expression, true), undefined, `${expr} -> ${converted.expression}`);
          assert.equal(weekdayHint(converted.expression), undefined, `${expr} -> ${converted.expression}`);
          assert.deepEqual(iso(nextRuns(converted.expression, 6, at)), iso(nextRuns(expr, 6, at)), `${expr} -> ${converted.expression}`);
        }),
        { numRuns: 400 },
      );
    });

    it('server-dialect runs fall on the written sets: weekday n is day n of a week starting Sunday, day of month AND weekday', () => {
      const set = (min: number, max: number) => fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 4 });
      const NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
      fc.assert(
        fc.property(set(0, 23), set(1, 28), set(1, 7), fc.boolean(), start, (hours, doms, dows, asNames, at) => {
          const dowText = dows.map((d) => (asNames ? NAMES[d - 1] : String(d))).join(',');
          const expr = `0 0 ${hours.join(',')} ${doms.join(',')} * ${dowText}`;
          const runs = nextRuns(expr, 4, at);
          assert.ok(runs.length > 0, expr);
          for (const r of runs) {
            assert.ok(hours.includes(r.getUTCHours()) && doms.includes(r.getUTCDate()) && dows.includes(r.getUTCDay() + 1), `${expr}: ${r.toISOString()}`);
          }
          const other = `0 0 ${hours.join(',')} ${doms.join(',')} * ${dows.map((d) => (asNames ? String(d) : NAMES[d - 1])).join(',')}`;
          assert.deepEqual(iso(nextRuns(other, 4, at)), iso(runs), `${expr} and ${other}`);
        }),
        { numRuns: 200 },
      );
    });
  });
});
