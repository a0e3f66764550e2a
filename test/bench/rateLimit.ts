// Bulk submission under RipTide's rate limit: 1,000 jobs through submitMany against the local
// server's RipTide mode at 100 requests per window. The window is scaled down from RipTide's
// 60 s to 1 s (Retry-After stays one window, as RipTide's 60), so the figures read per window.
// Lost and sent-twice are counted on the server side, from the jobs it created.
import { WorkersClient, type JobConfig } from '../../src/api';
import { startWorkersServer, type JobEvent } from '../../src/server';
import { fmt, heading, row, timed } from './harness';

const JOBS = 1000;
const LIMIT = 100;
const WINDOW_MS = 1000;

export async function benchRateLimit(): Promise<void> {
  heading(`Rate limit: ${fmt(JOBS)} jobs through submitMany at ${LIMIT} requests per window (RipTide's minute scaled to ${WINDOW_MS} ms)`);
  const server = await startWorkersServer({ port: 0, workers: 2, paused: true, riptide: { rateLimitPerMinute: LIMIT, rateWindowMs: WINDOW_MS } });
  const created: string[] = [];
  server.events.on('job', (e: JobEvent) => e.transition === 'submitted' && created.push(e.job_id));
  const client = new WorkersClient({ baseUrl: server.url });
  try {
    const jobs: JobConfig[] = Array.from({ length: JOBS }, (_, i) => ({ job_type: { type: 'custom', job_name: 'Custom', payload: { i } } }));
    let refusals = 0;
    const { ms, value: outcomes } = await timed(() => client.submitMany(jobs, { onRateLimited: () => refusals++ }));
    const accepted = new Set(outcomes.flatMap((o) => (o.ok ? [o.jobId] : [])));
    const onServer = new Set(created);
    const lost = outcomes.filter((o) => !o.ok || !onServer.has(o.jobId)).length;
    const twice = created.length - [...onServer].filter((id) => accepted.has(id)).length;
    // The last of ceil(N / L) windows can be reached no sooner than (ceil(N / L) - 1) windows after the first.
    const minimumMs = (Math.ceil(JOBS / LIMIT) - 1) * WINDOW_MS;
    row('time taken', `${fmt(ms)} ms`);
    row(`the limit's minimum (${Math.ceil(JOBS / LIMIT) - 1} windows)`, `${fmt(minimumMs)} ms`);
    row('ratio time taken / minimum (aim: <= 2)', `${fmt(ms / minimumMs, 2)}x`);
    row('submissions refused with 429 and sent again', fmt(refusals));
    row('jobs lost (aim: 0)', fmt(lost));
    row('jobs sent twice (aim: 0)', fmt(twice));
  } finally {
    await client.close();
    await server.close();
  }
}
