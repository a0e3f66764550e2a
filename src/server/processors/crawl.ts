// batch_crawl and single_crawl: fetch with undici, extract the page, shape CrawlResults.
import { fetch, type Response } from 'undici';
import { MAX_BATCH_URLS, type BatchCrawlData, type CrawlOptions, type CrawlResult } from '../../api/schemas';
import { setLongTimeout } from '../time';
import { extractHtml } from './html';

const MAX_PARALLEL_URLS = 10;
const DEFAULT_URL_TIMEOUT_SECS = 30;
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function crawlBatch(urls: string[], options: CrawlOptions | null | undefined, signal: AbortSignal): Promise<BatchCrawlData> {
  if (urls.length > MAX_BATCH_URLS) throw new Error(`Batch size ${urls.length} exceeds the maximum of ${MAX_BATCH_URLS} URLs`);
  const parallel = Math.max(1, Math.min(options?.concurrency ?? MAX_PARALLEL_URLS, MAX_PARALLEL_URLS));
  const results: CrawlResult[] = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await crawlOne(urls[i], options, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, urls.length) }, worker));
  signal.throwIfAborted();
  const successful = results.filter((r) => r.error === null).length;
  return { total_urls: urls.length, successful, failed: urls.length - successful, from_cache: 0, results };
}

/** One URL; never throws (a failure is a CrawlResult with its error, status 0 when no answer). */
export async function crawlOne(url: string, options: CrawlOptions | null | undefined, signal: AbortSignal): Promise<CrawlResult> {
  const started = Date.now();
  const timeoutSecs = options?.timeout_secs ?? DEFAULT_URL_TIMEOUT_SECS;
  const failure = (status: number, error: string): CrawlResult => ({
    url,
    status,
    from_cache: false,
    processing_time_ms: Date.now() - started,
    document: null,
    error,
  });
  // An explicit controller and timer: a signal from AbortSignal.any over AbortSignal.timeout can be
  // garbage-collected in Node 20 and then never fire, leaving a request hanging.
  const perUrl = new AbortController();
  let timedOut = false;
  const timer = setLongTimeout(() => {
    timedOut = true;
    perUrl.abort(new Error('timeout'));
  }, timeoutSecs * 1000);
  const onJobAbort = () => perUrl.abort(signal.reason);
  signal.addEventListener('abort', onJobAbort, { once: true });
  try {
    const response = await fetch(url, {
      signal: perUrl.signal,
      headers: { 'user-agent': 'RipTide-Local-Workers/0.1', accept: 'text/html,text/plain;q=0.9,*/*;q=0.5' },
      redirect: 'follow',
    });
    if (response.status >= 400) {
      await response.body?.cancel(); // the page is not used: do not download it
      return failure(response.status, `HTTP error: ${response.status}`);
    }
    const body = await readCapped(response.body, MAX_BODY_BYTES);
    const finalUrl = response.url || url;
    const type = response.headers.get('content-type') ?? '';
    const page = /html/i.test(type) || (!type && /<html/i.test(body))
      ? extractHtml(body, finalUrl)
      : { title: null, text: /^text\//i.test(type) ? body.replace(/\s+/g, ' ').trim() : null, links: [] };
    return {
      url,
      status: response.status,
      from_cache: false,
      processing_time_ms: Date.now() - started,
      document: { url: finalUrl, title: page.title, text: page.text, markdown: null, links: page.links, byline: null, published_iso: null, quality_score: null },
      error: null,
    };
  } catch (e) {
    if (signal.aborted) throw e; // the job itself was stopped (timeout): not this URL's fault
    const err = e as Error & { cause?: Error };
    const reason = timedOut ? `timed out after ${timeoutSecs} seconds` : (err.cause?.message ?? err.message);
    return failure(0, `Request failed: ${reason}`);
  } finally {
    timer.clear();
    signal.removeEventListener('abort', onJobAbort);
  }
}

/** The body as text, at most `maxBytes` of it: reading stops (and the download is cancelled) there. */
async function readCapped(body: Response['body'], maxBytes: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let left = maxBytes;
  for (;;) {
    const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
    if (done) break;
    const chunk = value.byteLength > left ? value.subarray(0, left) : value;
    left -= chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
    if (left === 0) {
      await reader.cancel();
      return text; // a character cut at the cap is dropped
    }
  }
  return text + decoder.decode();
}
