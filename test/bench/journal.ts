// Journal benchmarks: durable (group commit) vs in-memory submission side by side, and with
// 100,000 processed jobs: the journal's size, the restart time, and the memory they take.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkersClient, type JobConfig } from '../../src/api';
import { startWorkersServer, type JobEvent, type WorkersServer } from '../../src/server';
import { fmt, forceGc, heading, row, timed } from './harness';

const noop = (i: number): JobConfig => ({ job_type: { type: 'custom', job_name: 'noop', payload: { i } } });
const ROUNDS = 3;
const JOBS = 2000;
const PROCESSED = 100_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes: number) => `${fmt(bytes / 1048576, 1)} MiB`;

async function submitAll(client: WorkersClient, count: number, from = 0): Promise<void> {
  const outcomes = await client.submitMany(Array.from({ length: count }, (_, i) => noop(from + i)), { concurrency: 32 });
  const failed = outcomes.filter((o) => !o.ok).length;
  if (failed) throw new Error(`${failed} submissions failed`);
}

async function compareDurable(dir: string): Promise<void> {
  heading(`Local server: durable vs in-memory submission (${fmt(JOBS)} jobs, submitMany concurrency 32, pool paused)`);
  const memory = await startWorkersServer({ port: 0, paused: true });
  const durable = await startWorkersServer({ port: 0, paused: true, dataFile: path.join(dir, 'rate.jsonl') });
  const clients = [memory, durable].map((s) => new WorkersClient({ baseUrl: s.url, connections: 32 }));
  try {
    for (const c of clients) await submitAll(c, 200); // warm up
    const ms: [number[], number[]] = [[], []];
    for (let round = 0; round < ROUNDS; round++) {
      for (const i of [0, 1]) ms[i].push((await timed(() => submitAll(clients[i], JOBS))).ms);
    }
    const [memoryRate, durableRate] = ms.map((m) => JOBS / (median(m) / 1000));
    row('  in memory (no --data-file)', `${fmt(memoryRate)} jobs/s`);
    row('  durable (--data-file, fdatasync before each answer)', `${fmt(durableRate)} jobs/s`);
    row('  ratio durable / in memory (aim: close to 1)', `${fmt(durableRate / memoryRate, 2)}x`);
  } finally {
    for (const c of clients) await c.close();
    await memory.close();
    await durable.close();
  }
}

async function processedJournal(dir: string): Promise<void> {
  heading(`Local server: the journal with ${fmt(PROCESSED)} processed jobs (4 workers)`);
  const dataFile = path.join(dir, 'processed.jsonl');
  const server = await startWorkersServer({ port: 0, paused: true, workers: 4, dataFile });
  const client = new WorkersClient({ baseUrl: server.url, connections: 32 });
  let largest = 0;
  const sample = setInterval(() => (largest = Math.max(largest, fs.statSync(dataFile).size)), 100);
  try {
    let completed = 0;
    const allDone = new Promise<void>((resolve) =>
      server.events.on('job', (e: JobEvent) => {
        if (e.transition === 'completed' && ++completed === PROCESSED) resolve();
      }),
    );
    const submitting = await timed(() => submitAll(client, PROCESSED));
    row(`  submitted, durable`, `${fmt(PROCESSED / (submitting.ms / 1000))} jobs/s`);
    server.resume();
    await allDone;
  } finally {
    clearInterval(sample);
    await client.close();
    await server.close();
  }
  largest = Math.max(largest, fs.statSync(dataFile).size);
  row('  journal when all are processed', mib(fs.statSync(dataFile).size));
  row('  largest it grew to meanwhile (online compaction)', mib(largest));

  forceGc();
  const heapBefore = process.memoryUsage().heapUsed;
  const restart = await timed(() => startWorkersServer({ port: 0, paused: true, dataFile }));
  const restarted: WorkersServer = restart.value;
  try {
    forceGc();
    const perJobs = (process.memoryUsage().heapUsed - heapBefore) * (100_000 / PROCESSED);
    row('  restart (read, check and compact the journal)', `${fmt(restart.ms)} ms`);
    row('  journal after the restart (compacted)', mib(fs.statSync(dataFile).size));
    row('  memory per 100,000 jobs (heap, completed jobs with results)', mib(perJobs));
  } finally {
    await restarted.close();
  }
}

export async function benchJournal(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-bench-journal-'));
  try {
    await compareDurable(dir);
    await processedJournal(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
