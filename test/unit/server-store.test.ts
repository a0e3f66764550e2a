// JobStore listings: order and paging within and across queues.
import * as assert from 'node:assert/strict';
import { newJob, type Job, type QueueName } from '../../src/server/jobs';
import { JobStore } from '../../src/server/store';

function job(seq: number, queue: QueueName): Job {
  const j = newJob(`job-${seq}`, seq, { job_type: { type: 'custom', job_name: 'echo', payload: {} } }, 1000 + seq);
  j.queue = queue;
  return j;
}

describe('local server: JobStore listing', () => {
  it('lists processing jobs newest first, paged, and then the next queue', () => {
    const store = new JobStore();
    for (let seq = 1; seq <= 5; seq++) store.place(job(seq, 'processing'));
    for (let seq = 6; seq <= 7; seq++) store.place(job(seq, 'completed'));
    store.finishProcessing(store.get('job-3')!);
    const ids = (queues: QueueName[], offset: number, limit: number, match: ((j: Job) => boolean) | null = null) =>
      store.list(queues, match, offset, limit).map((j) => j.id);
    assert.deepEqual(ids(['processing'], 0, 10), ['job-5', 'job-4', 'job-2', 'job-1']);
    assert.deepEqual(ids(['processing'], 1, 2), ['job-4', 'job-2']);
    assert.deepEqual(ids(['processing', 'completed'], 3, 2), ['job-1', 'job-7']);
    assert.deepEqual(ids(['processing', 'completed'], 1, 10, (j) => j.seq % 2 === 1), ['job-1', 'job-7']);
  });
});
