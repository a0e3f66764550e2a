// Job-file benchmarks: validating a 1,000-job file (what diagnostics and "Submit Job File" do
// first), and submitting its jobs to the local server the way the editor does (submitMany,
// concurrency 8 as in src/jobfilesEditor/submit.ts).
import { WorkersClient } from '../../src/api';
import { analyzeJobFile } from '../../src/jobfiles';
import { fmt, heading, row, startServerProcess, timed } from './harness';

const JOBS = 1000;
const RUNS = 7;
const EDITOR_CONCURRENCY = 8;

/** A YAML stream of `count` jobs of every type, with options, retries and metadata. */
function yamlStream(count: number): string {
  const docs = Array.from({ length: count }, (_, i) => {
    switch (i % 4) {
      case 0:
        return `# job ${i}\njob_type:\n  type: batch_crawl\n  urls:\n    - https://example.com/a/${i}\n    - https://example.com/b/${i}\n  options:\n    concurrency: 4\n    cache_mode: read_through\npriority: high\nretry_config:\n  max_attempts: 3\n  initial_delay_secs: 5\nmetadata:\n  batch: "${i}"\ntimeout_secs: 120\n`;
      case 1:
        return `job_type:\n  type: single_crawl\n  url: https://example.com/page/${i}\npriority: Normal\n`;
      case 2:
        return `job_type:\n  type: maintenance\n  task_type: cache_cleanup\n  parameters:\n    max_age_days: ${i % 30}\npriority: Low\n`;
      default:
        return `job_type:\n  type: custom\n  job_name: bench_${i}\n  payload:\n    i: ${i}\n    tags: [a, b, c]\n`;
    }
  });
  return docs.join('---\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function benchJobFiles(): Promise<void> {
  const text = yamlStream(JOBS);
  const json = `${JSON.stringify(analyzeJobFile(text, 'bench.job.yaml').entries.map((e) => e.value), null, 2)}\n`;
  heading(`Job files: validating a ${fmt(JOBS)}-job file (analyzeJobFile, median of ${RUNS})`);
  for (const [name, fileName, source] of [
    ['YAML stream', 'bench.job.yaml', text],
    ['JSON array', 'bench.job.json', json],
  ] as const) {
    analyzeJobFile(source, fileName); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await timed(async () => analyzeJobFile(source, fileName));
      if (!run.value.ok || run.value.entries.length !== JOBS) throw new Error(`${name}: the bench file does not validate`);
      times.push(run.ms);
    }
    row(`${name}, ${fmt(source.length / 1024)} KB`, `${fmt(median(times), 1)} ms`);
  }

  heading(`Job files: submitting the ${fmt(JOBS)} jobs of the file (separate server process, pool paused)`);
  const jobs = analyzeJobFile(text, 'bench.job.yaml').entries.map((e) => e.job!);
  const server = await startServerProcess(['--paused']);
  const client = new WorkersClient({ baseUrl: server.url });
  try {
    await client.submitMany(jobs.slice(0, 100), { concurrency: EDITOR_CONCURRENCY }); // warm-up
    const validateAndSubmit = await timed(async () => {
      const analysis = analyzeJobFile(text, 'bench.job.yaml');
      return client.submitMany(analysis.entries.map((e) => e.job!), { concurrency: EDITOR_CONCURRENCY });
    });
    const failed = validateAndSubmit.value.filter((o) => !o.ok).length;
    if (failed) throw new Error(`${failed} submissions failed`);
    row(`validate + submitMany, concurrency ${EDITOR_CONCURRENCY} (as the editor)`, `${fmt(validateAndSubmit.ms)} ms  (${fmt(JOBS / (validateAndSubmit.ms / 1000))} jobs/s)`);
  } finally {
    await client.close();
    await server.stop();
  }
}
