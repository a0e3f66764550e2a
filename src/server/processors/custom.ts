// Custom jobs echo their payload; `sleep` and `flaky` are there for demos and tests.
import type { CustomData } from '../../api/schemas';
import { setLongTimeout } from '../time';
import type { ProcessorContext } from './index';

export async function runCustom(jobName: string, payload: unknown, ctx: ProcessorContext): Promise<CustomData> {
  if (jobName === 'sleep') await sleep(numberField(payload, 'ms', 'sleep'), ctx.signal);
  if (jobName === 'flaky') {
    const failTimes = numberField(payload, 'fail_times', 'flaky');
    if (ctx.retryCount < failTimes) throw new Error(`flaky: planned failure ${ctx.retryCount + 1} of ${failTimes}`);
  }
  return {
    job_name: jobName,
    input_payload: payload,
    processing_info: { processed_at: new Date().toISOString(), processor: 'local-custom-processor', status: 'processed' },
  };
}

function numberField(payload: unknown, field: string, jobName: string): number {
  const value = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${jobName}: payload.${field} must be a non-negative number`);
  }
  return value;
}

/** Waits at least `ms` by the wall clock, or until aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      timer.clear();
      reject(signal.reason);
    };
    const timer = setLongTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
