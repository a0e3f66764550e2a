// The job-file schema against every example of the wire contract and of the seed's (SDK)
// documentation, written as job and schedule files in JSON and YAML.
import * as assert from 'node:assert/strict';
import { analyzeJobFile, type JobFileAnalysis } from '../../src/jobfiles';

const NOW = new Date('2025-01-15T10:00:00Z');

function analyze(text: string, fileName: string, cronDialect: 'server' | 'classic' | 'both' = 'server'): JobFileAnalysis {
  return analyzeJobFile(text, fileName, { now: NOW, cronDialect });
}

/** Asserts a file is fine: entries present, no errors, and no warnings unless listed by code. */
function assertValid(a: JobFileAnalysis, allowedWarnings: string[] = []): void {
  const unexpected = a.problems.filter((p) => p.severity === 'error' || (p.severity === 'warning' && !allowedWarnings.includes(p.code ?? '')));
  assert.deepEqual(unexpected.map((p) => p.message), []);
  assert.ok(a.ok);
  assert.ok(a.entries.length > 0);
}

describe('job files: the contract examples', () => {
  it('accepts the full submit body and keeps every field', () => {
    const text = `{
  "job_type": { "type": "batch_crawl", "urls": ["https://example.com"], "options": { "concurrency": 10, "cache_mode": "read_through" } },
  "priority": "High",
  "retry_config": { "max_attempts": 3, "initial_delay_secs": 1, "backoff_multiplier": 2.0, "max_delay_secs": 300, "use_jitter": true },
  "metadata": { "source": "api", "user_id": "123" },
  "scheduled_at": "2025-01-15T12:00:00Z",
  "timeout_secs": 300
}`;
    const a = analyze(text, 'submit.job.json');
    assertValid(a, ['riptide-ignores']); // the RipTide server ignores a job's timeout_secs
    assert.equal(a.kind, 'job');
    assert.equal(a.format, 'json');
    assert.deepEqual(a.entries[0].job, JSON.parse(text));
  });

  it('accepts the schedule request in the server dialect without a dialect warning', () => {
    const text = `{ "name": "daily_crawl", "cron_expression": "0 0 2 * * *", "job_template": { "type": "batch_crawl", "urls": ["https://example.com"] },
  "priority": "Normal", "enabled": true, "retry_config": { }, "metadata": { } }`;
    const a = analyze(text, 'daily.schedule.json');
    assertValid(a);
    assert.equal(a.kind, 'schedule');
    const entry = a.entries[0];
    assert.deepEqual(entry.schedule, JSON.parse(text));
    assert.equal(entry.label, 'daily_crawl');
    assert.equal(entry.cron?.description, 'At 02:00 AM');
    assert.deepEqual(entry.cron?.nextRuns.slice(0, 2).map((d) => d.toISOString()), ['2025-01-16T02:00:00.000Z', '2025-01-17T02:00:00.000Z']);
    assert.equal(a.problems.filter((p) => p.code === 'cron-dialect').length, 0);
  });

  it('accepts each job type with its required fields', () => {
    const cases: Array<[string, string]> = [
      ['batch_crawl', 'job_type: { type: batch_crawl, urls: [https://example.com] }'],
      ['single_crawl', 'job_type: { type: single_crawl, url: https://example.com }'],
      ['maintenance', 'job_type: { type: maintenance, task_type: health_check, parameters: {} }'],
      ['custom', 'job_type: { type: custom, job_name: export, payload: null }'],
    ];
    for (const [type, text] of cases) {
      const a = analyze(text, `${type}.job.yaml`);
      assertValid(a, ['riptide-custom-name']); // the contract's custom job names are not RipTide's 'Custom'
      assert.equal(a.entries[0].job?.job_type.type, type);
    }
  });
});

describe('job files: the SDK documentation examples', () => {
  it('quick start: batch crawl with the SDK priority HIGH', () => {
    const a = analyze('job_type:\n  type: batch_crawl\n  urls: ["https://example.com"]\npriority: high\n', 'quick.job.yaml');
    assertValid(a);
    assert.equal(a.entries[0].job?.priority, 'High');
  });

  it('submit_job: retry config and metadata', () => {
    const text = `job_type:
  type: batch_crawl
  urls:
    - https://example.com
priority: HIGH
retry_config:
  max_attempts: 3
  backoff_multiplier: 2.0
metadata:
  source: api
  user_id: "123"
`;
    const a = analyze(text, 'submit.job.yml');
    assertValid(a);
    assert.deepEqual(a.entries[0].job, {
      job_type: { type: 'batch_crawl', urls: ['https://example.com'] },
      priority: 'High',
      retry_config: { max_attempts: 3, backoff_multiplier: 2 },
      metadata: { source: 'api', user_id: '123' },
    });
  });

  it('job types: batch crawl with options, single crawl, maintenance, custom', () => {
    const text = `job_type:
  type: batch_crawl
  urls: [https://example.com, https://example.org]
  options: { cache_mode: read_write, concurrency: 10 }
---
job_type:
  type: single_crawl
  url: https://example.com
  options: { concurrency: 1 }
---
job_type:
  type: maintenance
  task_type: cache_cleanup
  parameters: { max_age_days: 30, dry_run: false }
---
job_type:
  type: custom
  job_name: data_export
  payload: { format: json, date_range: 2024-01-01/2024-12-31 }
`;
    const a = analyze(text, 'types.job.yaml');
    assertValid(a, ['riptide-custom-name']);
    assert.deepEqual(
      a.entries.map((e) => [e.index, e.range.start.line, e.label]),
      [
        [0, 0, 'batch_crawl (2 URLs)'],
        [1, 5, 'single_crawl'],
        [2, 10, 'maintenance:cache_cleanup'],
        [3, 15, 'custom:data_export'],
      ],
    );
    assert.deepEqual(a.entries[0].job?.job_type, {
      type: 'batch_crawl',
      urls: ['https://example.com', 'https://example.org'],
      options: { cache_mode: 'read_write', concurrency: 10 },
    });
    assert.deepEqual(a.entries[3].job?.job_type, {
      type: 'custom',
      job_name: 'data_export',
      payload: { format: 'json', date_range: '2024-01-01/2024-12-31' },
    });
  });

  it('best practices: full retry config, metadata, timeout; performance: concurrency 20; a batch of 10', () => {
    const jobs = [
      {
        job_type: { type: 'single_crawl', url: 'https://example.com' },
        retry_config: { max_attempts: 3, initial_delay_secs: 1, backoff_multiplier: 2.0, max_delay_secs: 300, use_jitter: true },
      },
      {
        job_type: { type: 'single_crawl', url: 'https://example.com' },
        metadata: { user_id: '123', source: 'api', request_id: 'abc-def', environment: 'production' },
      },
      { job_type: { type: 'single_crawl', url: 'https://example.com' }, timeout_secs: 300 },
      { job_type: { type: 'batch_crawl', urls: ['https://example.com'], options: { concurrency: 20 } }, priority: 'critical' },
      { job_type: { type: 'batch_crawl', urls: Array.from({ length: 10 }, (_, i) => `https://example.com/page${i}`) }, priority: 'normal' },
    ];
    const a = analyze(JSON.stringify(jobs, null, 2), 'practices.job.json');
    assertValid(a, ['riptide-ignores']);
    assert.equal(a.entries.length, 5);
    assert.deepEqual(a.entries[0].job?.retry_config, jobs[0].retry_config);
    assert.deepEqual(a.entries[1].job?.metadata, jobs[1].metadata);
    assert.equal(a.entries[2].job?.timeout_secs, 300);
    assert.equal(a.entries[3].job?.priority, 'Critical');
    assert.equal(a.entries[4].job?.priority, 'Normal');
    assert.equal(a.entries[4].label, 'batch_crawl (10 URLs)');
  });

  it('scheduled jobs as the SDK writes them (5 fields): valid, with a dialect warning and its fix', () => {
    const text = `name: daily_news
cron_expression: 0 2 * * *
job_template:
  type: batch_crawl
  urls:
    - https://news.example.com
priority: normal
enabled: true
`;
    const a = analyze(text, 'news.schedule.yaml');
    assertValid(a, ['cron-dialect']);
    assert.equal(a.entries[0].schedule?.priority, 'Normal');
    const warning = a.problems.find((p) => p.code === 'cron-dialect');
    assert.equal(
      warning?.message,
      "cron_expression: the RipTide server expects a leading seconds field (sec min hour day month weekday) and will reject '0 2 * * *'; write '0 0 2 * * *'",
    );
    assert.deepEqual(warning?.range, { start: { line: 1, character: 17 }, end: { line: 1, character: 26 } });
    assert.deepEqual(warning?.fix, {
      title: "Convert to the server's cron dialect: 0 0 2 * * *",
      range: { start: { line: 1, character: 17 }, end: { line: 1, character: 26 } },
      newText: '0 0 2 * * *',
    });
  });

  it('a schedule is normalised to the server dialect when the server is the target, and only then', () => {
    const text = 'name: n\ncron_expression: " 0  2 * * * "\njob_template: { type: single_crawl, url: https://example.com }\n---\nname: y\ncron_expression: "@yearly"\njob_template: { type: single_crawl, url: https://example.com }\n';
    const sent = (dialect: 'server' | 'classic' | 'both') => analyze(text, 'n.schedule.yaml', dialect).entries.map((e) => e.schedule?.cron_expression);
    assert.deepEqual(sent('server'), ['0 0 2 * * *', '@yearly'], 'a nickname the server takes stays one');
    assert.deepEqual(sent('classic'), [' 0  2 * * * ', '@yearly']);
    assert.deepEqual(sent('both'), [' 0  2 * * * ', '@yearly']);
    // What was written stays available: the entry's value and its cron details.
    const entry = analyze(text, 'n.schedule.yaml', 'server').entries[0];
    assert.equal((entry.value as { cron_expression: string }).cron_expression, ' 0  2 * * * ');
    assert.equal(entry.cron?.expression, ' 0  2 * * * ');
  });

  // The server's form keeps the meaning: a leading seconds field, and weekdays as names (it counts 1 = Sunday).
  const CRON_TABLE: Array<[string, string, string]> = [
    ['* * * * *', 'Every minute', '0 * * * * *'],
    ['0 * * * *', 'Every hour', '0 0 * * * *'],
    ['0 0 * * *', 'At 12:00 AM', '0 0 0 * * *'],
    ['0 2 * * *', 'At 02:00 AM', '0 0 2 * * *'],
    ['0 0 * * 0', 'At 12:00 AM, only on Sunday', '0 0 0 * * SUN'],
    ['0 0 1 * *', 'At 12:00 AM, on day 1 of the month', '0 0 0 1 * *'],
    ['*/5 * * * *', 'Every 5 minutes', '0 */5 * * * *'],
    ['0 9-17 * * 1-5', 'Every hour, between 09:00 AM and 05:00 PM, Monday through Friday', '0 0 9-17 * * MON-FRI'],
  ];

  for (const [expression, words, serverForm] of CRON_TABLE) {
    it(`the cron table's '${expression}' in every dialect, JSON and YAML`, () => {
      const schedule = { name: 'table', cron_expression: expression, job_template: { type: 'custom', job_name: 'Custom', payload: {} } };
      const yaml = `name: table\ncron_expression: "${expression}"\njob_template: { type: custom, job_name: Custom, payload: {} }\n`;
      for (const [text, file] of [
        [JSON.stringify(schedule), 'table.schedule.json'],
        [yaml, 'table.schedule.yaml'],
      ]) {
        const server = analyze(text, file, 'server');
        assertValid(server, ['cron-dialect']);
        const entry = server.entries[0];
        assert.equal(entry.cron?.description, words);
        assert.equal(entry.cron?.serverExpression, serverForm);
        assert.equal(entry.schedule?.cron_expression, serverForm, 'sent in the server form');
        assert.equal(entry.cron?.nextRuns.length, 5);
        assert.ok(entry.cron!.nextRuns.every((d, i) => d > NOW && (i === 0 || d > entry.cron!.nextRuns[i - 1])));
        const fix = server.problems.find((p) => p.code === 'cron-dialect')?.fix;
        assert.equal(fix?.newText, JSON.stringify(serverForm));
        // The meaning and next runs are the entry's cron details (hover, CodeLens), not a problem.
        assert.ok(!server.problems.some((p) => p.code === 'cron-info'));
        for (const dialect of ['classic', 'both'] as const) {
          assertValid(analyze(text, file, dialect));
        }
      }
    });
  }

  it('a 6-field expression warns in the classic dialect only', () => {
    const text = 'name: s\ncron_expression: "0 0 2 * * *"\njob_template: { type: single_crawl, url: https://example.com }\n';
    assertValid(analyze(text, 's.schedule.yaml', 'server'));
    assertValid(analyze(text, 's.schedule.yaml', 'both'));
    const classic = analyze(text, 's.schedule.yaml', 'classic');
    assert.deepEqual(
      classic.problems.filter((p) => p.code === 'cron-dialect').map((p) => [p.severity, p.message, p.range.start.character]),
      [['warning', 'cron_expression: classic cron has 5 fields (min hour day month weekday); this expression has 6, with a leading seconds field', 17]],
    );
  });
});

describe('job files: convenient forms are normalised to the contract', () => {
  it('priority in any case and with spaces becomes the canonical name', () => {
    for (const [written, canonical] of [
      ['low', 'Low'],
      ['NORMAL', 'Normal'],
      ['High', 'High'],
      ['cRiTiCaL', 'Critical'],
    ]) {
      const a = analyze(`{"job_type": {"type": "single_crawl", "url": "https://example.com"}, "priority": "${written}"}`, 'p.job.json');
      assert.equal(a.entries[0].job?.priority, canonical);
    }
  });

  it('unknown fields are warned about and not sent; unknown crawl options pass through', () => {
    const a = analyze('job_type: { type: batch_crawl, urls: [https://example.com], options: { wait_ms: 5 } }\nowner: me\n', 'x.job.yaml');
    assert.ok(a.ok);
    assert.deepEqual(a.entries[0].job, { job_type: { type: 'batch_crawl', urls: ['https://example.com'], options: { wait_ms: 5 } } });
    assert.deepEqual(
      a.problems.map((p) => [p.severity, p.message]),
      [['warning', "unknown field 'owner': it is ignored and not sent"]],
    );
  });

  it('a YAML top-level list, like a JSON array, holds several jobs', () => {
    const a = analyze('- job_type: { type: single_crawl, url: https://a.example }\n- job_type: { type: single_crawl, url: https://b.example }\n', 'l.job.yaml');
    assertValid(a);
    assert.deepEqual(
      a.entries.map((e) => [e.range.start, (e.job?.job_type as { url: string }).url]),
      [
        [{ line: 0, character: 2 }, 'https://a.example'],
        [{ line: 1, character: 2 }, 'https://b.example'],
      ],
    );
  });

  it('several schedules in one YAML stream', () => {
    const one = (name: string) => `name: ${name}\ncron_expression: "0 0 * * * *"\njob_template: { type: maintenance, task_type: health_check, parameters: {} }\n`;
    const a = analyze(`${one('a')}---\n${one('b')}`, 'two.schedule.yml');
    assertValid(a);
    assert.deepEqual(
      a.entries.map((e) => [e.label, e.range.start.line, e.cron?.range.start.line]),
      [
        ['a', 0, 1],
        ['b', 4, 5],
      ],
    );
  });
});
