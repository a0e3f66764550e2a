// Engine benchmarks: submission rate sequential (the SDK's pattern) vs submitMany, measured side
// by side against the same server process, and the pool's rate for no-op custom jobs.
import { WorkersClient } from '../../src/api';
import type { JobConfig } from '../../src/api';
import { startWorkersServer } from '../../src/server';
import type { JobEvent } from '../../src/server';
import { fmt, heading, latencyProxy, row, startServerProcess, timed } from './harness';

const JOBS = 1000;
const noop = (i: number): JobConfig => ({ job_type: { type: 'custom', job_name: 'noop', payload: { i } } });

const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Sequential (the SDK's documented pattern) and submitMany, side by side against one URL:
 * both paths warmed up first, then 1,000 jobs each way per round, alternating, median of rounds.
 */
async function compareSubmission(label: string, url: string): Promise<void> {
  const client = new WorkersClient({ baseUrl: url, connections: 32 });
  const sequential = () =>
    timed(async () => {
      for (let i = 0; i < JOBS; i++) await client.submitJob(noop(i));
    });
  const many = () =>
    timed(async () => {
      const outcomes = await client.submitMany(Array.from({ length: JOBS }, (_, i) => noop(i)), { concurrency: 32 });
      const failed = outcomes.filter((o) => !o.ok).length;
      if (failed) throw new Error(`${failed} submissions failed`);
    });
  try {
    // Warm up connections and the JIT on both paths: a first run measures start-up, not rates.
    await many();
    await sequential();
    const seqMs: number[] = [];
    const manyMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      seqMs.push((await sequential()).ms);
      manyMs.push((await many()).ms);
    }
    const seqRate = JOBS / (median(seqMs) / 1000);
    const manyRate = JOBS / (median(manyMs) / 1000);
    console.log(`  ${label} (median of ${ROUNDS} rounds):`);
    row('  sequential, one at a time (SDK pattern)', `${fmt(seqRate)} jobs/s  (${fmt(median(seqMs))} ms)`);
    row('  submitMany, concurrency 32', `${fmt(manyRate)} jobs/s  (${fmt(median(manyMs))} ms)`);
    row('  ratio submitMany / sequential (aim: >= 5)', `${fmt(manyRate / seqRate, 1)}x`);
  } finally {
    await client.close();
  }
}

export async function benchEngine(): Promise<void> {
  heading('Engine: submitting 1,000 jobs to the local server (separate process, pool paused)');
  const server = await startServerProcess(['--paused']);
  try {
    await compareSubmission('loopback, no added latency', server.url);
    const proxy = await latencyProxy(server.url, 1);
    try {
      await compareSubmission('through a proxy adding 1 ms each way (a LAN)', proxy.url);
    } finally {
      await proxy.close();
    }
  } finally {
    await server.stop();
  }

  heading('Engine: no-op custom jobs processed by the pool (4 workers)');
  const inProcess = await startWorkersServer({ port: 0, workers: 4, paused: true });
  const c2 = new WorkersClient({ baseUrl: inProcess.url });
  try {
    const count = 5000;
    await c2.submitMany(Array.from({ length: count }, (_, i) => noop(i)), { concurrency: 32 });
    let completed = 0;
    const allDone = new Promise<void>((resolve) =>
      inProcess.events.on('job', (e: JobEvent) => {
        if (e.transition === 'completed' && ++completed === count) resolve();
      }),
    );
    const processing = await timed(async () => {
      inProcess.resume();
      await allDone;
    });
    row(`${fmt(count)} no-op jobs, queue to completed`, `${fmt(count / (processing.ms / 1000))} jobs/s  (${fmt(processing.ms)} ms)`);
  } finally {
    await c2.close();
    await inProcess.close();
  }
}
