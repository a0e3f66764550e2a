// The words RipTide's request validation refuses in a query string, found as it finds them.
import * as assert from 'node:assert/strict';
import { ApiError, refusedQueryWord, refusedQueryWordInTarget } from '../../src/api';

describe('RipTide: words refused in a query string', () => {
  it('finds each word in any case and inside longer words, and says which', () => {
    assert.equal(refusedQueryWord('please UPDATE me'), 'UPDATE');
    assert.equal(refusedQueryWord('selection'), 'select');
    assert.equal(refusedQueryWord('created today'), 'create');
    assert.equal(refusedQueryWord('custom:exec_report'), 'exec');
    assert.equal(refusedQueryWord('a--b'), '--');
    for (const fine of ['crawl', 'data export', 'worker-3', 'maintenance:cache_cleanup', '']) assert.equal(refusedQueryWord(fine), undefined, fine);
  });

  it('reads a request target\'s query string decoded, and nothing else of it', () => {
    assert.equal(refusedQueryWordInTarget('/workers/jobs?search=dr%6Fp'), 'drop');
    assert.equal(refusedQueryWordInTarget('/workers/jobs?search=a+--+b'), '--');
    assert.equal(refusedQueryWordInTarget('/workers/jobs?search=%E0%A4%A'), undefined, 'a bad escape is read as it came');
    assert.equal(refusedQueryWordInTarget('/workers/select/jobs'), undefined, 'the path is not the query');
    assert.equal(refusedQueryWordInTarget('/workers/jobs?status=pending&limit=5'), undefined);
  });

  it('a 400 on such a query says which word, and what to do, beside the server\'s own message', () => {
    const body = JSON.stringify({ error: { type: 'validation_error', message: 'Invalid query parameters', retryable: false, status: 400 } });
    const refused = new ApiError(400, body, 'GET /workers/jobs?search=updated+today');
    assert.match(refused.message, /^HTTP 400 from GET \/workers\/jobs\?search=updated\+today: Invalid query parameters \(a RipTide server refuses "update" in a query string .*search or filter for other words\)$/);
    assert.doesNotMatch(new ApiError(400, body, 'GET /workers/jobs?search=crawl').message, /refuses/);
    assert.doesNotMatch(new ApiError(400, body, 'POST /workers/jobs').message, /refuses/);
  });
});
