// Numbers and times are written one way everywhere (views, status bar, notifications, webviews).
import * as assert from 'node:assert/strict';
import { formatClock, formatCount, formatTimestamp } from '../../src/common/format';
import { groupDescription, workerRows } from '../../src/core/views/presentation';
import { formatRelative } from '../../src/common/jobLabels';
import { GROUPS } from '../../src/core/views/jobsModel';
import type { QueueStats } from '../../src/api';

describe('format', () => {
  it('groups thousands with commas whatever the locale, and never shows fractions of a count', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(20_000), '20,000');
    assert.equal(formatCount(1_234_567), '1,234,567');
    assert.equal(formatCount(12.6), '13');
  });

  it('the views write counts with the same formatter as the status bar', () => {
    const stats = { pending: 20_000, delayed: 0, processing: 0, retry: 0, completed: 1_500, failed: 0, total: 21_500 } as QueueStats;
    const pending = GROUPS.find((g) => g.key === 'pending');
    assert.ok(pending);
    assert.equal(groupDescription(pending, stats, false), formatCount(20_000));
    const rows = workerRows({ is_running: true, total_workers: 2, healthy_workers: 2, total_jobs_processed: 12_345, total_jobs_failed: 0 }, undefined);
    assert.equal(rows.find((r) => r.key === 'processed')?.value, '12,345');
  });

  it('says UTC on every time it writes', () => {
    assert.equal(formatTimestamp('2025-01-15T10:00:05.123Z'), '2025-01-15 10:00:05 UTC');
    assert.equal(formatTimestamp('2025-01-15T12:00:05+02:00'), '2025-01-15 10:00:05 UTC');
    assert.equal(formatTimestamp('not a time'), 'not a time');
    assert.equal(formatClock(Date.UTC(2025, 0, 15, 23, 59, 1)), '23:59:01 UTC');
    assert.equal(formatClock('2025-01-15T10:00:05Z'), '10:00:05 UTC');
    assert.equal(formatClock(Number.NaN), '—');
  });

  it('relative times never show milliseconds, which are stale as soon as they are drawn', () => {
    const now = new Date('2025-01-15T10:00:00Z');
    assert.equal(formatRelative(new Date('2025-01-15T09:59:59.400Z'), now), 'just now');
    assert.equal(formatRelative(new Date('2025-01-15T09:59:47Z'), now), '13 s ago');
    assert.equal(formatRelative(new Date('2025-01-15T13:00:00Z'), now), 'in 3 h');
  });
});
