// Large results for the panel benchmark and tests: a 50-URL batch crawl with long texts and a
// custom job with a payload of about 5 MB. Deterministic, no network.
import type { BatchCrawlData, CustomData, JobResult } from '../../src/api';

const WORDS = 'tide current reef harbour lighthouse swell ebb flood channel buoy anchor mooring wave spray'.split(' ');

function prose(chars: number, seed: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const word = WORDS[(i * 7 + seed) % WORDS.length];
    parts.push(i % 12 === 11 ? `${word}.\n` : word);
    length += word.length + 1;
  }
  return parts.join(' ').slice(0, chars);
}

/** 50 crawled pages, each with `textChars` of text (100 K by default: about 5 MB in all). */
export function bigCrawlResult(textChars = 100_000): JobResult {
  const results = Array.from({ length: 50 }, (_, i) => {
    const failed = i % 10 === 7;
    const url = `https://example.com/articles/${i + 1}?ref=bench`;
    return {
      url,
      status: failed ? 503 : 200,
      from_cache: i % 4 === 0,
      processing_time_ms: 80 + ((i * 37) % 900),
      document: failed
        ? null
        : {
            url,
            title: `Article ${i + 1}: ${WORDS[i % WORDS.length]} and ${WORDS[(i + 3) % WORDS.length]}`,
            text: prose(textChars, i),
            markdown: prose(Math.round(textChars / 2), i + 1),
            links: Array.from({ length: 40 }, (_, k) => `https://example.com/articles/${(i + k) % 50}`),
            byline: null,
            published_iso: null,
            quality_score: 0.8,
          },
      error: failed ? 'HTTP error: 503 Service Unavailable' : null,
    };
  });
  const data: BatchCrawlData = {
    total_urls: 50,
    successful: results.filter((r) => !r.error).length,
    failed: results.filter((r) => r.error).length,
    from_cache: results.filter((r) => r.from_cache).length,
    results,
  };
  return { job_id: '11111111-2222-4333-8444-555555555555', success: true, data, error: null, processing_time_ms: 4200, worker_id: 'worker-1', completed_at: new Date().toISOString() };
}

/** A custom job's result whose payload is about `bytes` of JSON (5 MB by default). */
export function bigCustomResult(bytes = 5 * 1024 * 1024): JobResult {
  const records: Array<Record<string, unknown>> = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const record = { id: i, name: `record-${i}`, tags: [WORDS[i % WORDS.length], WORDS[(i + 5) % WORDS.length]], score: (i * 13) % 101, note: prose(120, i) };
    records.push(record);
    size += JSON.stringify(record).length + 1;
  }
  const data: CustomData = {
    job_name: 'data_export',
    input_payload: { records, exported_by: 'bench' },
    processing_info: { processed_at: new Date().toISOString(), processor: 'local-custom-processor', status: 'processed' },
  };
  return { job_id: '66666666-7777-4888-9999-aaaaaaaaaaaa', success: true, data, error: null, processing_time_ms: 35, worker_id: 'worker-0', completed_at: new Date().toISOString() };
}
