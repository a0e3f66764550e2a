// The exported JSON Schema agrees with the zod validation (checked with ajv), the committed
// schema files are current, and templates and snippets produce valid files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { analyzeJobFile, jobJsonSchema, jobTemplate, sampleJob, scheduleJsonSchema, scheduleTemplate, SCHEMA_FILES } from '../../src/jobfiles';
import { schemaFileText } from '../../src/jobfiles/jsonSchema';
import { JOB_TYPE_NAMES } from '../../src/api/schemas';

const root = path.resolve(__dirname, '../../..');
const NOW = new Date('2025-01-15T10:00:00Z');

const VALID_JOBS: object[] = [
  {
    job_type: { type: 'batch_crawl', urls: ['https://example.com'], options: { concurrency: 10, cache_mode: 'read_through' } },
    priority: 'High',
    retry_config: { max_attempts: 3, initial_delay_secs: 1, backoff_multiplier: 2.0, max_delay_secs: 300, use_jitter: true },
    metadata: { source: 'api', user_id: '123' },
    scheduled_at: '2025-01-15T12:00:00Z',
    timeout_secs: 300,
  },
  { job_type: { type: 'batch_crawl', urls: ['https://example.com', 'https://example.org'], options: { cache_mode: 'read_write', concurrency: 10 } } },
  { job_type: { type: 'single_crawl', url: 'https://example.com', options: { concurrency: 1 } }, priority: 'high' },
  { job_type: { type: 'maintenance', task_type: 'cache_cleanup', parameters: { max_age_days: 30, dry_run: false } }, priority: 'LOW' },
  { job_type: { type: 'custom', job_name: 'data_export', payload: { format: 'json', date_range: '2024-01-01/2024-12-31' } } },
  { job_type: { type: 'custom', job_name: 'ping', payload: null }, metadata: { user_id: '123', source: 'api', request_id: 'abc-def', environment: 'production' } },
  { job_type: { type: 'single_crawl', url: 'https://example.com' }, timeout_secs: 300, retry_config: null, metadata: null },
];

const INVALID_JOBS: object[] = [
  {},
  { priority: 'High' },
  { job_type: { type: 'batch_crawl', urls: [] } },
  { job_type: { type: 'foo' } },
  { job_type: 'batch_crawl' },
  { job_type: { type: 'single_crawl', url: 'ftp://example.com' } },
  { job_type: { type: 'single_crawl', url: 'https://example.com' }, priority: 'urgent' },
  { job_type: { type: 'single_crawl', url: 'https://example.com' }, timeout_secs: 1.5 },
  { job_type: { type: 'single_crawl', url: 'https://example.com' }, retry_config: { max_attempts: 0 } },
  { job_type: { type: 'maintenance', task_type: 'cache_cleanup' } },
  { job_type: { type: 'custom', job_name: '' , payload: 1 } },
];

const VALID_SCHEDULES: object[] = [
  {
    name: 'daily_crawl',
    cron_expression: '0 0 2 * * *',
    job_template: { type: 'batch_crawl', urls: ['https://example.com'] },
    priority: 'Normal',
    enabled: true,
    retry_config: {},
    metadata: {},
  },
  { name: 'daily_news', cron_expression: '0 0 2 * * *', job_template: { type: 'batch_crawl', urls: ['https://news.example.com'] }, priority: 'normal' },
  { name: 'daily_task', cron_expression: '0 0 0 * * *', job_template: { type: 'maintenance', task_type: 'log_rotation', parameters: {} } },
];

const INVALID_SCHEDULES: object[] = [
  { name: 'x', job_template: { type: 'batch_crawl', urls: ['https://example.com'] } },
  { name: '', cron_expression: '0 0 2 * * *', job_template: { type: 'batch_crawl', urls: ['https://example.com'] } },
  { name: 'x', cron_expression: '0 0 2 * * *', job_template: { type: 'batch_crawl', urls: ['https://example.com'] }, enabled: 'yes' },
  { name: 'x', cron_expression: '0 0 2 * * *', job_template: { type: 'nope' } },
];

describe('job files: exported JSON Schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validateJob = ajv.compile(jobJsonSchema());
  const validateSchedule = ajv.compile(scheduleJsonSchema());

  it('the committed schema files are what the zod schemas generate (run npm run schemas)', () => {
    for (const file of SCHEMA_FILES) {
      const committed = fs.readFileSync(path.join(root, file.path), 'utf8');
      assert.equal(committed, schemaFileText(file.schema()), `${file.path} is stale: run npm run schemas`);
    }
  });

  it('accepts the valid jobs, one by one and as a list, like the analysis does', () => {
    for (const job of VALID_JOBS) {
      assert.ok(validateJob(job), JSON.stringify(validateJob.errors));
      assert.ok(analyzeJobFile(JSON.stringify(job), 'a.job.json').ok, JSON.stringify(job));
    }
    assert.ok(validateJob(VALID_JOBS));
  });

  it('rejects the invalid jobs, like the analysis does', () => {
    for (const job of INVALID_JOBS) {
      assert.equal(validateJob(job), false, JSON.stringify(job));
      assert.equal(analyzeJobFile(JSON.stringify(job), 'a.job.json').ok, false, JSON.stringify(job));
    }
    assert.equal(validateJob([]), false, 'an empty list');
    assert.equal(validateJob([VALID_JOBS[0], INVALID_JOBS[2]]), false, 'a list with one bad job');
  });

  it('accepts the valid schedules and rejects the invalid ones, like the analysis does', () => {
    for (const schedule of VALID_SCHEDULES) {
      assert.ok(validateSchedule(schedule), JSON.stringify(validateSchedule.errors));
      assert.ok(analyzeJobFile(JSON.stringify(schedule), 'a.schedule.json', { now: NOW }).ok);
    }
    for (const schedule of INVALID_SCHEDULES) {
      assert.equal(validateSchedule(schedule), false, JSON.stringify(schedule));
      assert.equal(analyzeJobFile(JSON.stringify(schedule), 'a.schedule.json', { now: NOW }).ok, false);
    }
  });

  it('describes the fields for hover and offers the priorities for completion', () => {
    const job = (jobJsonSchema().anyOf as Array<Record<string, any>>)[0];
    for (const field of ['priority', 'retry_config', 'metadata', 'scheduled_at', 'timeout_secs']) {
      const property = job.properties[field];
      const description = property.description ?? property.anyOf?.[0]?.description;
      assert.ok(typeof description === 'string' && description.length > 10, `${field} has a description`);
    }
    assert.match(job.properties.job_type.description, /tagged by type/);
    const batch = job.properties.job_type.oneOf[0];
    assert.equal(batch.properties.type.const, 'batch_crawl');
    assert.match(batch.properties.urls.description, /at least one/);
    assert.deepEqual(job.properties.priority.examples, ['Low', 'Normal', 'High', 'Critical']);
    const schedule = (scheduleJsonSchema().anyOf as Array<Record<string, any>>)[0];
    assert.match(schedule.properties.cron_expression.description, /leading seconds/);
  });
});

describe('job files: templates and snippets', () => {
  it('every job template is a valid job without warnings, the same in JSON and YAML', () => {
    for (const type of JOB_TYPE_NAMES) {
      const json = analyzeJobFile(jobTemplate(type, 'json'), `new.job.json`);
      const yaml = analyzeJobFile(jobTemplate(type, 'yaml'), `new.job.yaml`);
      for (const a of [json, yaml]) {
        assert.deepEqual(a.problems.map((p) => p.message), [], type);
        assert.equal(a.entries[0].job?.job_type.type, type);
      }
      assert.deepEqual(yaml.entries[0].job, json.entries[0].job, type);
    }
    assert.match(jobTemplate('batch_crawl', 'yaml'), /^# /m, 'the YAML template is commented');
  });

  it("the walkthrough's sample job is a valid single crawl of the URL it is given, whatever the URL holds", () => {
    for (const url of ['http://127.0.0.1:8080/demo/pages/1', 'https://example.com/a: b #c']) {
      const a = analyzeJobFile(sampleJob(url), 'sample.job.yaml');
      assert.deepEqual(a.problems.map((p) => p.message), []);
      assert.deepEqual(a.entries[0].job?.job_type, { type: 'single_crawl', url });
    }
  });

  it('the schedule template is valid in the server dialect, the same in JSON and YAML', () => {
    const json = analyzeJobFile(scheduleTemplate('json'), 'new.schedule.json', { now: NOW });
    const yaml = analyzeJobFile(scheduleTemplate('yaml'), 'new.schedule.yaml', { now: NOW });
    for (const a of [json, yaml]) assert.deepEqual(a.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    assert.deepEqual(yaml.entries[0].schedule, json.entries[0].schedule);
  });

  it('every snippet, with its defaults filled in, is a valid file of its kind', () => {
    const file = path.join(root, 'media/snippets/riptide-jobs.code-snippets');
    const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { scope: string; prefix: string; body: string[] }>;
    assert.ok(Object.keys(snippets).length >= 10);
    for (const [name, snippet] of Object.entries(snippets)) {
      const text = snippet.body
        .join('\n')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
        .replace(/\$\d+/g, '');
      const format = snippet.scope.includes('yaml') ? 'yaml' : 'json';
      const kind = snippet.prefix.includes('schedule') ? 'schedule' : 'job';
      const a = analyzeJobFile(text, `snippet.${kind}.${format}`, { now: NOW });
      assert.deepEqual(a.problems.filter((p) => p.severity !== 'info').map((p) => p.message), [], name);
      assert.ok(a.ok, name);
    }
  });
});
