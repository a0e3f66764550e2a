// Every kind of bad input becomes a problem with the exact position and a message a person
// understands; nothing throws.
import * as assert from 'node:assert/strict';
import { analyzeJobFile, fileGlobOf, fileKindOf, fileNamesOf, JOB_FILE_GLOB, MAX_FILE_CHARS, type Problem } from '../../src/jobfiles';

/** A problem as "severity line:char-line:char message" (0-based, like VS Code). */
function show(p: Problem): string {
  const { start, end } = p.range;
  return `${p.severity} ${start.line}:${start.character}-${end.line}:${end.character} ${p.message}`;
}

function problems(text: string, fileName: string): string[] {
  return analyzeJobFile(text, fileName, { now: new Date('2025-01-15T10:00:00Z') }).problems.map(show);
}

describe('job files: problems and their positions', () => {
  it('an empty list of URLs, at the value', () => {
    assert.deepEqual(problems('{\n  "job_type": {\n    "type": "batch_crawl",\n    "urls": []\n  }\n}', 'a.job.json'), [
      'error 3:12-3:14 job_type.urls: must contain at least one URL',
    ]);
  });

  it('wrong values and wrong types, each at its value', () => {
    const text = '{\n  "job_type": { "type": "batch_crawl", "urls": ["https://a.example", "ftp://b", 3] },\n  "priority": "urgent",\n  "timeout_secs": "10"\n}';
    assert.deepEqual(problems(text, 'a.job.json'), [
      "error 1:69-1:78 job_type.urls[1]: must be an http(s) URL, got 'ftp://b'",
      'error 1:80-1:81 job_type.urls[2]: expected a string, got 3',
      "error 2:14-2:22 priority: expected one of Low, Normal, High, Critical, got 'urgent'",
      "error 3:18-3:22 timeout_secs: expected a number, got '10'",
    ]);
  });

  it('an unknown job type, with a suggestion and a fix for a near miss', () => {
    assert.deepEqual(problems('job_type:\n  type: foo\n', 'a.job.yaml'), [
      "error 1:8-1:11 job_type.type: expected one of batch_crawl, single_crawl, maintenance, custom, got 'foo'",
    ]);
    const a = analyzeJobFile('{"job_type": {"type": "Batch_Crawl", "urls": ["https://a.example"]}}', 'a.job.json');
    assert.deepEqual(a.problems.map(show), [
      "error 0:22-0:35 job_type.type: expected one of batch_crawl, single_crawl, maintenance, custom, got 'Batch_Crawl' (did you mean 'batch_crawl'?)",
    ]);
    assert.deepEqual(a.problems[0].fix, { title: "Change to 'batch_crawl'", range: a.problems[0].range, newText: '"batch_crawl"' });
  });

  it('a misspelt priority suggests the canonical name', () => {
    const a = analyzeJobFile('job_type: {type: single_crawl, url: https://a.example}\npriority: hihg\n', 'a.job.yaml');
    assert.deepEqual(a.problems.map(show), ["error 1:10-1:14 priority: expected one of Low, Normal, High, Critical, got 'hihg' (did you mean 'High'?)"]);
    assert.equal(a.problems[0].fix?.newText, 'High');
  });

  it('a missing required field, at the key of the object that lacks it (or the start of the entry)', () => {
    assert.deepEqual(problems('{ "priority": "Low" }', 'a.job.json'), ['error 0:0-0:1 missing required field job_type']);
    assert.deepEqual(problems('priority: Low\nmetadata: {}\n', 'a.job.yaml'), ['error 0:0-0:8 missing required field job_type']);
    assert.deepEqual(problems('job_type:\n  type: custom\n  job_name: ""\n', 'a.job.yaml'), [
      'error 0:0-0:8 job_type: missing required field payload',
      'error 2:12-2:14 job_type.job_name: must not be empty',
    ]);
    assert.deepEqual(problems('job_type:\n  urls: [https://a.example]\n', 'a.job.yaml'), ['error 0:0-0:8 job_type: missing required field type']);
    assert.deepEqual(problems('name: n\ncron_expression: "0 0 * * * *"\n', 'a.schedule.yaml').filter((p) => !p.startsWith('info')), [
      'error 0:0-0:4 missing required field job_template',
    ]);
  });

  it('a job type written as a plain string', () => {
    assert.deepEqual(problems('job_type: batch_crawl\nurls: [https://a.example]\n', 'a.job.yaml'), [
      "error 0:10-0:21 job_type: expected an object with a type and its fields (e.g. type: batch_crawl with urls), got 'batch_crawl'",
      "warning 1:0-1:4 unknown field 'urls': it is ignored and not sent",
    ]);
  });

  it('unknown fields at the key, with "did you mean" and a rename fix for near misses', () => {
    const text = 'job_type:\n  type: batch_crawl\n  urls: [https://a.example]\n  url: x\n  optons: {}\nretry_config:\n  max_attempt: 3\npriorty: High\nowner: me\n';
    const a = analyzeJobFile(text, 'a.job.yaml');
    assert.deepEqual(a.problems.map(show), [
      "warning 3:2-3:5 job_type: unknown field 'url' (did you mean 'urls'?)",
      "warning 4:2-4:8 job_type: unknown field 'optons' (did you mean 'options'?)",
      "warning 6:2-6:13 retry_config: unknown field 'max_attempt' (did you mean 'max_attempts'?)",
      "warning 7:0-7:7 unknown field 'priorty' (did you mean 'priority'?)",
      "warning 8:0-8:5 unknown field 'owner': it is ignored and not sent",
    ]);
    assert.deepEqual(
      a.problems.map((p) => p.fix?.newText),
      ['urls', 'options', 'max_attempts', 'priority', undefined],
    );
    assert.ok(a.ok, 'warnings alone leave the job valid');
    // A quoted key keeps its quotes in the fix.
    const quoted = analyzeJobFile('{"job_type": {"type": "single_crawl", "url": "https://a.example"}, "Priority": "Low"}', 'a.job.json');
    assert.deepEqual(quoted.problems.map((p) => [show(p), p.fix?.newText]), [["warning 0:67-0:77 unknown field 'Priority' (did you mean 'priority'?)", '"priority"']]);
  });

  it('a schedule written with job_type, and a job that looks like a schedule', () => {
    const schedule = analyzeJobFile('name: x\ncron_expression: "0 0 2 * * *"\njob_type: {type: custom, job_name: x, payload: 1}\n', 'a.schedule.yaml');
    assert.deepEqual(schedule.problems.filter((p) => p.severity !== 'info').map(show), [
      'error 0:0-0:4 missing required field job_template',
      "warning 2:0-2:8 unknown field 'job_type' (did you mean 'job_template'?)",
    ]);
    assert.deepEqual(problems('name: x\ncron_expression: 0 0 * * *\njob_template: {type: custom, job_name: x, payload: 1}\n', 'a.job.yaml')[0],
      'error 0:0-0:4 missing required field job_type (this looks like a schedule: schedule files are named *.schedule.json, *.schedule.yaml or *.schedule.yml)');
  });

  it('booleans, dates, nested numbers', () => {
    const text = 'job_type: {type: single_crawl, url: https://a.example}\nretry_config:\n  max_attempts: 0\n  use_jitter: yes\nscheduled_at: tomorrow\ntimeout_secs: 1.5\n';
    assert.deepEqual(problems(text, 'a.job.yaml'), [
      'error 2:16-2:17 retry_config.max_attempts: must be at least 1',
      "error 3:14-3:17 retry_config.use_jitter: expected true or false, got 'yes'",
      "error 4:14-4:22 scheduled_at: must be an RFC 3339 date-time with a time zone, e.g. 2025-01-15T12:00:00Z, got 'tomorrow'",
      'error 5:14-5:17 timeout_secs: must be a whole number, got 1.5',
    ]);
  });

  it('schedules: empty name and expression, invalid cron, non-boolean enabled', () => {
    assert.deepEqual(problems('name: ""\ncron_expression: ""\njob_template: {type: single_crawl, url: https://a.example}\nenabled: "yes"\n', 'a.schedule.yaml'), [
      'error 0:6-0:8 name: must not be empty',
      'error 1:17-1:19 cron_expression: must not be empty',
      "error 3:9-3:14 enabled: expected true or false, got 'yes'",
    ]);
    const a = analyzeJobFile('name: n\ncron_expression: 61 * * * *\njob_template: {type: single_crawl, url: https://a.example}\n', 'a.schedule.yaml');
    assert.deepEqual(a.problems.map((p) => [p.severity, p.code, show(p).slice(0, 'error 1:17-1:19'.length)]), [['error', 'cron-invalid', 'error 1:17-1:19']], 'on the minutes field');
    assert.equal(a.entries[0].schedule, undefined, 'an invalid cron makes the schedule invalid');
    assert.equal(a.entries[0].cron, undefined);
    assert.deepEqual(problems('name: n\ncron_expression: "a b c"\njob_template: {type: single_crawl, url: https://a.example}\n', 'a.schedule.yaml'), [
      'error 1:17-1:24 cron_expression: expected 5 fields (min hour day month weekday) or 6-7 with leading seconds, got 3',
    ]);
  });

  it("an unquoted cron expression starting with '*' in YAML: one clear error with a fix", () => {
    const a = analyzeJobFile('name: a\ncron_expression: * * * * *  # every minute\njob_template: {type: single_crawl, url: https://a.example}\n', 'a.schedule.yaml');
    assert.deepEqual(a.problems.map(show), [`error 1:17-1:26 YAML syntax: a value starting with '*' must be quoted (YAML reads '*' as an alias): write "* * * * *"`]);
    assert.equal(a.problems[0].fix?.newText, '"* * * * *"');
  });

  it('contract warnings: more than 50 URLs, an unknown maintenance task', () => {
    const urls = Array.from({ length: 51 }, (_, i) => `"https://a.example/${i}"`).join(',');
    const big = analyzeJobFile(`{"job_type": {"type": "batch_crawl", "urls": [${urls}]}}`, 'a.job.json');
    assert.deepEqual(big.problems.map((p) => [p.severity, p.code, p.range.start.character, p.message]), [
      ['warning', 'batch-too-large', 45, 'job_type.urls: the server fails batches of more than 50 URLs (this one has 51); split it into several jobs'],
    ]);
    assert.ok(big.entries[0].job, 'a warning leaves the job valid');
    assert.deepEqual(problems('job_type:\n  type: maintenance\n  task_type: vacuum\n  parameters: {}\n', 'a.job.yaml'), [
      "warning 2:13-2:19 job_type.task_type: the server knows cache_cleanup, health_check, log_rotation; 'vacuum' would complete with success: false",
    ]);
  });

  it('JSON syntax errors, positioned, with a fix for a trailing comma', () => {
    const a = analyzeJobFile('{\n  "job_type": {"type": "single_crawl", "url": "https://a.example"},\n}', 'a.job.json');
    assert.deepEqual(a.problems.map(show), ['error 1:66-1:67 JSON syntax: trailing comma before the closing bracket']);
    assert.equal(a.problems[0].fix?.newText, '');
    assert.equal(a.entries.length, 0);
    assert.equal(a.ok, false);
    assert.deepEqual(problems('{"job_type": {"type" "single_crawl"}}', 'a.job.json'), ["error 0:21-0:35 JSON syntax: expected ':' after the property name"]);
    assert.deepEqual(problems('{"job_type": {}', 'a.job.json'), ["error 0:15-0:15 JSON syntax: expected '}' to close the object"]);
    assert.deepEqual(problems('{"job_type": {"type": "single_crawl", "url": "https://a.example"}} x', 'a.job.json'), [
      'error 0:67-0:68 JSON syntax: unexpected character or word (strings need double quotes; true, false and null are lowercase)',
    ]);
  });

  it('YAML syntax errors are positioned and only stop their own document', () => {
    const a = analyzeJobFile('job_type:\n  type: single_crawl\n  url: https://a.example\n---\njob_type:\n  type: custom\n   job_name: x\n', 'a.job.yaml');
    assert.equal(a.entries.length, 1);
    assert.ok(a.entries[0].job);
    assert.ok(a.problems.length > 0);
    assert.ok(a.problems.every((p) => p.severity === 'error' && p.range.start.line === 5 && p.message.startsWith('YAML syntax: ')));
  });

  it('duplicate keys, in JSON and in YAML', () => {
    assert.deepEqual(problems('{"job_type": {"type": "single_crawl", "url": "https://a.example"}, "job_type": 1}', 'a.job.json'), [
      "error 0:67-0:77 duplicate key 'job_type' (only the last one counts)",
      // The entry is still checked, with the value that counts.
      'error 0:79-0:80 job_type: expected an object with a type and its fields (e.g. type: batch_crawl with urls), got 1',
    ]);
    assert.deepEqual(problems('job_type:\n  type: single_crawl\n  url: https://a.example\njob_type: {}\n', 'a.job.yaml'), [
      "error 3:0-3:8 YAML syntax: duplicate key 'job_type'",
    ]);
  });

  it('a duplicate key inside one JSON entry is a file-level error that keeps every entry and its problems', () => {
    const text = '[\n  {"job_type": {"type": "custom", "job_name": "a", "payload": {}}, "metadata": {"k": "1", "k": "2"}},\n  {"job_type": {"type": "single_crawl", "url": 42}}\n]';
    const a = analyzeJobFile(text, 'two.job.json');
    assert.deepEqual(a.problems.map(show), [
      "error 1:90-1:93 duplicate key 'k' (only the last one counts)",
      `warning 1:46-1:49 job_type.job_name: the RipTide server runs only custom jobs named 'Custom'; 'a' is retried and ends in the dead letter queue ("No processor found for job type")`,
      'error 2:47-2:49 job_type.url: expected a string, got 42',
    ]);
    const duplicate = a.problems[0];
    assert.equal(duplicate.entry, undefined);
    assert.equal(a.ok, false, 'a file with a duplicate key is not submitted');
    assert.equal(a.entries.length, 2);
    assert.deepEqual(a.entries[0].job?.metadata, { k: '2' });
  });

  it('not an object, an empty list, a bad item in a list', () => {
    assert.deepEqual(problems('"just a string"', 'a.job.json'), ["error 0:0-0:1 expected a job (an object with job_type), got 'just a string'"]);
    assert.deepEqual(problems('[]', 'a.job.json'), ['error 0:0-0:2 the list is empty: expected at least one job']);
    const a = analyzeJobFile('[1, {"job_type": {"type": "single_crawl", "url": "https://a.example"}}]', 'a.job.json');
    assert.deepEqual(a.problems.map((p) => [show(p), p.entry]), [['error 0:1-0:2 expected a job (an object with job_type), got 1', 0]]);
    assert.equal(a.entries[1].job?.job_type.type, 'single_crawl');
    assert.deepEqual(problems('- 1\n', 'a.schedule.yaml'), [
      'error 0:2-0:3 expected a schedule (an object with name, cron_expression and job_template), got 1',
    ]);
  });

  it('empty, white-space-only and comment-only files', () => {
    const message = "error 0:0-0:0 the file is empty: add a job (job_type and its fields), or use the 'New job file' command for a template";
    for (const text of ['', '   \n\n', '# nothing yet\n', '// nothing\n', '---\n']) {
      const name = text.startsWith('//') ? 'a.job.json' : 'a.job.yaml';
      const a = analyzeJobFile(text, name);
      assert.deepEqual(a.problems.map(show), [message], JSON.stringify(text));
      assert.equal(a.ok, false);
    }
  });

  it('binary content and huge files: one clear problem, no parsing', () => {
    assert.deepEqual(problems('job_type:\u0000\u0001\u0002', 'a.job.yaml'), [
      'error 0:9-0:10 the file looks binary (it contains a NUL character): a job file must be YAML text',
    ]);
    const huge = `[${'{"job_type": {"type": "single_crawl", "url": "https://a.example"}},'.repeat(Math.ceil(MAX_FILE_CHARS / 60))}]`;
    const started = Date.now();
    const a = analyzeJobFile(huge, 'huge.job.json');
    assert.equal(a.problems.length, 1);
    assert.equal(a.problems[0].code, 'too-large');
    assert.match(a.problems[0].message, /^the file is too large to check \(\d+\.\d MB; the limit is 5 MB\)/);
    assert.deepEqual(a.problems[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.ok(Date.now() - started < 500, 'a huge file is refused without parsing it');
  });

  it('a byte-order mark and CRLF line ends keep positions right', () => {
    assert.deepEqual(problems('\uFEFF{"job_type": {"type": "batch_crawl", "urls": []}}', 'a.job.json'), ['error 0:46-0:48 job_type.urls: must contain at least one URL']);
    assert.deepEqual(problems('job_type:\r\n  type: batch_crawl\r\n  urls: []\r\n', 'a.job.yaml'), ['error 2:8-2:10 job_type.urls: must contain at least one URL']);
  });

  it('file kinds and unknown names', () => {
    assert.equal(fileKindOf('/w/crawl.job.json'), 'job');
    assert.equal(fileKindOf('C:\\w\\Nightly.Schedule.YML'), 'schedule');
    assert.equal(fileKindOf('a.schedule.yaml'), 'schedule');
    assert.equal(fileKindOf('job.json'), undefined);
    assert.equal(fileKindOf('a.job.txt'), undefined);
    const a = analyzeJobFile('{}', 'notes.json');
    assert.equal(a.kind, 'unknown');
    assert.deepEqual(a.problems.map((p) => [p.severity, p.code]), [['info', 'unknown-kind']]);
    // The caller can say what an untitled document is.
    const untitled = analyzeJobFile('job_type: {type: single_crawl, url: https://a.example}', 'Untitled-1', { kind: 'job' });
    assert.equal(untitled.format, 'yaml');
    assert.ok(untitled.ok);
  });

  it('an entry with a broken job type is labelled by its type alone, never with "undefined"', () => {
    const labels = (text: string, file: string) => analyzeJobFile(text, file).entries.map((e) => e.label);
    assert.deepEqual(labels('job_type: {type: maintenance}\n---\njob_type: {type: custom, job_name: 3}\n---\njob_type: {type: 7}\n', 'a.job.yaml'), ['maintenance', 'custom', 'job 3']);
    assert.deepEqual(labels('[{"job_template": {"type": "maintenance", "task_type": "health_check", "parameters": {}}}]', 'a.schedule.json'), ['maintenance:health_check']);
  });

  it('globs and file-name messages come from the same list as fileKindOf', () => {
    assert.equal(JOB_FILE_GLOB, '**/*.{job,schedule}.{json,yaml,yml}');
    assert.equal(fileGlobOf('schedule'), '**/*.schedule.{json,yaml,yml}');
    assert.equal(fileNamesOf('job'), '*.job.json, *.job.yaml or *.job.yml');
    assert.equal(fileNamesOf('schedule', ', '), '*.schedule.json, *.schedule.yaml, *.schedule.yml');
    for (const kind of ['job', 'schedule'] as const) {
      for (const name of fileNamesOf(kind, ', ').split(', ')) assert.equal(fileKindOf(name.replace('*', 'x').toUpperCase()), kind, name);
    }
  });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 42, {}, Symbol('x')];
    for (const text of odd) {
      const a = analyzeJobFile(text as string, 'a.job.yaml');
      assert.ok(Array.isArray(a.problems));
    }
    assert.doesNotThrow(() => analyzeJobFile('a: &x [*x]\n', 'a.job.yaml'));
    assert.doesNotThrow(() => analyzeJobFile('job_type: &a {type: custom, job_name: x, payload: *a}\n', 'a.job.yaml'));
  });
});

describe('job files: what the RipTide server rejects or treats differently', () => {
  const crawl = (options: string) => `job_type:\n  type: single_crawl\n  url: https://a.example\n  options: ${options}\n`;

  it('render_mode and output_format: exactly the server\'s values, each at its value, with the allowed ones named and a fix for the case', () => {
    const a = analyzeJobFile(crawl('{ render_mode: static, output_format: json }'), 'a.job.yaml');
    assert.deepEqual(a.problems.map(show), [
      "error 3:26-3:32 job_type.options.render_mode: expected one of Static, Dynamic, Adaptive, Pdf, Html, Markdown, got 'static' (did you mean 'Static'?)",
      "error 3:49-3:53 job_type.options.output_format: expected one of Document, NdJson, Chunked, Text, Markdown, got 'json'",
    ]);
    assert.equal(a.problems[0].fix?.newText, 'Static');
    assert.equal(a.ok, false);
  });

  it('chunking_config: its four required fields, the modes, and non-negative whole sizes', () => {
    assert.deepEqual(problems(crawl('{ chunking_config: { chunk_size: 10 } }'), 'a.job.yaml'), [
      'error 3:13-3:28 job_type.options.chunking_config: missing required field chunking_mode',
      'error 3:13-3:28 job_type.options.chunking_config: missing required field overlap_size',
      'error 3:13-3:28 job_type.options.chunking_config: missing required field min_chunk_size',
    ]);
    assert.deepEqual(
      problems(crawl('{ chunking_config: { chunking_mode: Fixed, chunk_size: 1.5, overlap_size: -1, min_chunk_size: 0 } }'), 'a.job.yaml'),
      [
        "error 3:47-3:52 job_type.options.chunking_config.chunking_mode: expected one of topic, sliding, fixed, sentence, html-aware, got 'Fixed' (did you mean 'fixed'?)",
        'error 3:66-3:69 job_type.options.chunking_config.chunk_size: must be a whole number, got 1.5',
        'error 3:85-3:87 job_type.options.chunking_config.overlap_size: must be at least 0',
      ],
    );
    assert.deepEqual(problems(crawl('{ chunking_config: { chunking_mode: html-aware, chunk_size: 500, overlap_size: 50, min_chunk_size: 100, preserve_sentences: false } }'), 'a.job.yaml'), []);
  });

  it('retry_config: whole seconds and a whole number of attempts', () => {
    assert.deepEqual(problems('job_type: { type: single_crawl, url: https://a.example }\nretry_config: { initial_delay_secs: 0.5, max_delay_secs: 2.5, max_attempts: 2.5 }\n', 'a.job.yaml'), [
      'error 1:36-1:39 retry_config.initial_delay_secs: must be a whole number, got 0.5',
      'error 1:57-1:60 retry_config.max_delay_secs: must be a whole number, got 2.5',
      'error 1:76-1:79 retry_config.max_attempts: must be a whole number, got 2.5',
    ]);
  });

  it('timeout_secs in the crawl options and on the job: warnings that the RipTide server ignores them, not a silent pass', () => {
    const text = 'job_type:\n  type: batch_crawl\n  urls: [https://a.example]\n  options: { timeout_secs: 30 }\ntimeout_secs: 60\n';
    assert.deepEqual(problems(text, 'a.job.yaml'), [
      'warning 3:27-3:29 job_type.options.timeout_secs: the RipTide server has no timeout_secs crawl option and ignores it',
      "warning 4:14-4:16 timeout_secs: the RipTide server ignores a job's own time limit (a fixed 600 s applies to every job there)",
    ]);
    assert.deepEqual(analyzeJobFile(text, 'a.job.yaml', { cronDialect: 'classic' }).problems, [], 'not said for a server that is not RipTide');
  });

  it("a custom job name other than 'Custom': a warning with a fix, in jobs and schedule templates", () => {
    const job = analyzeJobFile('job_type: { type: custom, job_name: data_export, payload: {} }\n', 'a.job.yaml');
    assert.deepEqual(job.problems.map(show), [
      `warning 0:36-0:47 job_type.job_name: the RipTide server runs only custom jobs named 'Custom'; 'data_export' is retried and ends in the dead letter queue ("No processor found for job type")`,
    ]);
    assert.equal(job.problems[0].fix?.newText, 'Custom');
    assert.equal(job.ok, true, 'a warning: it is still sent');
    const schedule = analyzeJobFile('name: n\ncron_expression: "0 0 2 * * *"\njob_template: { type: custom, job_name: x, payload: 1 }\n', 'a.schedule.yaml');
    assert.deepEqual(schedule.problems.map((p) => p.code), ['riptide-custom-name']);
    assert.deepEqual(analyzeJobFile('job_type: { type: custom, job_name: Custom, payload: {} }\n', 'a.job.yaml').problems, []);
  });
});

describe('job files: cron by dialect', () => {
  const schedule = (cron: string) => `name: n\ncron_expression: "${cron}"\njob_template: { type: maintenance, task_type: health_check, parameters: {} }\n`;
  const analyze = (cron: string, cronDialect: 'server' | 'classic' | 'both' = 'server') =>
    analyzeJobFile(schedule(cron), 'a.schedule.yaml', { cronDialect, now: new Date('2025-01-15T10:00:00Z') });

  it('a classic expression whose meaning the server cannot keep: a positioned error that says why, no fix, nothing sent', () => {
    const a = analyze('0 9 1 * 1');
    assert.deepEqual(a.problems.map(show), [
      "error 1:22-1:27 cron_expression: the RipTide server cannot run '0 9 1 * 1' as classic cron means it: classic cron runs this on day of month '1' OR on weekday '1'; the RipTide server runs a schedule only when both match, so it cannot be written in its dialect: make two schedules instead ('0 0 9 1 * *' and '0 0 9 * * MON')",
    ]);
    assert.equal(a.problems[0].fix, undefined);
    assert.equal(a.entries[0].schedule, undefined);
    assert.equal(a.entries[0].cron?.serverExpression, undefined);
    assert.deepEqual(analyze('0 9 1 * 1', 'classic').problems, [], 'a classic server takes it as it is');
    assert.equal(analyze('0 9 L * *').problems[0].code, 'cron-unconvertible');
  });

  it('a classic expression converts with its meaning: weekday names, and it is sent that way', () => {
    const a = analyze('0 9-17 * * 1-5');
    assert.deepEqual(a.problems.map((p) => [p.code, p.fix?.newText]), [['cron-dialect', '"0 0 9-17 * * MON-FRI"']]);
    assert.equal(a.entries[0].schedule?.cron_expression, '0 0 9-17 * * MON-FRI');
    assert.equal(a.entries[0].cron?.dialect, 'classic');
    assert.match(a.entries[0].cron?.description ?? '', /Monday through Friday/);
  });

  it('numeric weekdays in the server dialect: a warning on the weekday field naming the days it runs, with a fix to names', () => {
    const a = analyze('0 0 9-17 * * 1-5');
    assert.deepEqual(a.problems.map(show), [
      "warning 1:31-1:34 cron_expression: weekday '1-5' runs Sunday to Thursday on the RipTide server, which counts 1 = Sunday to 7 = Saturday; did you mean MON-FRI?",
    ]);
    assert.equal(a.problems[0].fix?.title, 'Write the weekdays as names: 0 0 9-17 * * MON-FRI');
    assert.equal(a.problems[0].fix?.newText, '"0 0 9-17 * * MON-FRI"');
    assert.equal(a.entries[0].cron?.dialect, 'server');
    assert.match(a.entries[0].cron?.description ?? '', /Sunday through Thursday/);
    assert.ok(a.entries[0].cron?.nextRuns.every((d) => d.getUTCDay() <= 4), 'next runs Sunday to Thursday');
    assert.equal(a.entries[0].schedule?.cron_expression, '0 0 9-17 * * 1-5', 'a warning: sent as written');
  });

  it('a server-dialect error sits on the field it is about', () => {
    assert.deepEqual(analyze('0 0 9 * * 0').problems.map(show), [
      'error 1:28-1:29 cron_expression: weekday 0 is not valid on the RipTide server: it counts 1 = Sunday to 7 = Saturday (write SUN for Sunday)',
    ]);
  });
});
