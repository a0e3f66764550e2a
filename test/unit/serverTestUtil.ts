// Helpers for the local server's tests: plain fetch calls (not the API client) and waiting on
// conditions with a deadline instead of sleeping.
import * as assert from 'node:assert/strict';
import type { JobEvent, WorkersServer } from '../../src/server';
import { GiveUp, waitFor } from '../harness/wait';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Submits a job (server dialect) and returns its id. */
export async function submit(base: string, config: unknown, headers: Record<string, string> = {}): Promise<string> {
  const a = await call(base, 'POST', '/workers/jobs', config, headers);
  assert.equal(a.status, 200, a.text);
  return a.json.job_id as string;
}

export const custom = (job_name: string, payload: unknown = {}, extra: Record<string, unknown> = {}) => ({
  job_type: { type: 'custom', job_name, payload },
  ...extra,
});

/**
 * Polls `probe` every 20 ms until it returns a value other than undefined, or fails after
 * `timeoutMs`. An error thrown by the probe ends the wait with that error's message: here a
 * failing request or an exited server is a failure, not "not yet".
 */
export function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  return waitFor(what, timeoutMs, async () => {
    try {
      return await probe();
    } catch (error) {
      throw error instanceof GiveUp ? error : new GiveUp(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }, 20);
}

/** Waits until the job's status (server dialect) is `status`; returns the status body. */
export async function untilStatus(base: string, id: string, status: string, timeoutMs = 10_000, headers: Record<string, string> = {}) {
  return until(async () => {
    const a = await call(base, 'GET', `/workers/jobs/${id}`, undefined, headers);
    return a.json?.status === status ? a.json : undefined;
  }, `job ${id} to be ${status}`, timeoutMs);
}

/** Records every job event of a server from now on. */
export function recordEvents(server: WorkersServer): JobEvent[] {
  const events: JobEvent[] = [];
  server.events.on('job', (e: JobEvent) => events.push(e));
  return events;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const TIMESTAMP_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/;
