// The job panel's webview: draws what the extension sends (JobView, ResultView, row details)
// with DOM nodes and text, keeps its job id and sort order with setState, and asks for a
// crawl row's full text only when the row is expanded.
import type {
  CrawlResultView,
  CrawlRowView,
  CrawlSortColumn,
  CustomResultView,
  HostToJobMessage,
  JobPanelState,
  JobToHostMessage,
  JobView,
  MaintenanceResultView,
  ResultView,
  RowDetail,
  StatusTone,
} from '../common/messages';
import { formatDuration, STATUS_LOOKS } from '../common/jobLabels';
import { button, codicon, cut, formatChars, h, replace } from './dom';
import { formatClock, formatCount, formatTimestamp } from '../common/format';
import { configureL10n } from './l10n';
import { onHostMessage, vscodeApi } from './vscodeApi';
import './panels.css';

configureL10n(); // first: everything below may show translated text
const vscode = vscodeApi<JobPanelState, JobToHostMessage>();

/** The status codicon, the one the Jobs view shows (spinning while processing); the badge's words say the status. */
function statusIcon(tone: StatusTone): HTMLElement {
  const look = STATUS_LOOKS[tone];
  return codicon(look.icon, `status-icon ${look.spin ? 'codicon-modifier-spin' : ''}`);
}

const model: {
  state: JobPanelState | undefined;
  job: JobView | undefined;
  result: ResultView | undefined;
  expanded: Set<number>;
  details: Map<number, RowDetail>;
} = { state: vscode.getState(), job: undefined, result: undefined, expanded: new Set(), details: new Map() };

// Layout: fixed sections, each redrawn on its own message.
const app = document.getElementById('app') as HTMLElement;
const banner = h('div', { class: 'banner', attrs: { role: 'status' } });
const notice = h('div', { class: 'notice', attrs: { role: 'status' } });
const header = h('header', { class: 'header' });
const failure = h('section', { class: 'failure-slot' });
const overview = h('section', { class: 'overview' });
const metadata = h('section', { class: 'metadata' });
const resultSection = h('section', { class: 'result', attrs: { 'aria-label': 'Result' } });
const definition = h('section', { class: 'definition' });
const origin = h('section', { class: 'origin', attrs: { 'aria-label': 'Origin' } });
replace(app, banner, notice, header, origin, failure, overview, metadata, resultSection, definition);
banner.hidden = true;
notice.hidden = true;

if (model.state?.jobId) replace(header, h('h1', null, `Job ${model.state.jobId}`), h('p', { class: 'muted' }, 'Loading…'));

function post(message: JobToHostMessage): void {
  vscode.postMessage(message);
}

function saveState(): void {
  if (model.state) vscode.setState(model.state);
}

// ---------------------------------------------------------------------------------------------
// Header, origin, failure, facts, timeline, metadata, definition

/** Where the job came from, as links the host resolves (the page knows no paths). */
function renderOrigin(job: JobView): void {
  const o = job.origin;
  const link = (text: string, type: 'openSource' | 'openScheduleSource', testId: string) =>
    h('button', { class: 'link', title: 'Open the file at this line', attrs: { type: 'button', 'data-origin': testId }, onClick: () => post({ type }) }, codicon('go-to-file', 'icon'), text);
  const parts: Node[] = [];
  if (o.source) parts.push(link(o.source, 'openSource', 'source'));
  if (o.schedule) {
    parts.push(h('span', { class: 'origin-schedule', attrs: { 'data-origin': 'schedule' } }, codicon('calendar', 'icon'), o.schedule));
    if (o.scheduleSource) parts.push(link(o.scheduleSource, 'openScheduleSource', 'schedule-source'));
  }
  replace(origin, ...parts);
  origin.hidden = parts.length === 0;
}

function renderJob(job: JobView): void {
  const tone = job.tone;
  replace(
    header,
    h(
      'div',
      { class: 'title-row' },
      h('span', { class: `status-badge tone-${tone}`, attrs: { 'data-status': tone } }, statusIcon(tone), job.statusWords),
      h('h1', null, job.title),
    ),
    h(
      'div',
      { class: 'toolbar' },
      button('Refresh', () => post({ type: 'refresh' }), { icon: 'refresh', secondary: true, title: 'Read the job again now' }),
      button('Open raw JSON', () => post({ type: 'openRaw' }), { icon: 'json', title: 'Open the whole result in an editor tab' }),
      button('Copy', () => post({ type: 'copy' }), { icon: 'copy', secondary: true, title: 'Copy the result as JSON' }),
      button('Save as…', () => post({ type: 'saveAs' }), { icon: 'save-as', secondary: true, title: 'Save the result as a JSON file' }),
      h('span', { class: 'muted updated' }, updatedText(job)),
    ),
  );
  renderFailure();
  renderOrigin(job);

  const facts = h('dl', { class: 'facts' });
  for (const [label, value] of job.facts) facts.append(h('dt', null, label), h('dd', null, value));
  const timeline = h('ol', { class: 'timeline' });
  for (const entry of job.timeline) {
    timeline.append(
      h(
        'li',
        { class: `tl-${entry.tone}` },
        h('span', { class: 'tl-dot', attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'tl-label' }, entry.label),
        entry.at ? h('span', { class: 'tl-time', title: entry.at }, formatTimestamp(entry.at)) : null,
        entry.detail ? h('div', { class: 'tl-detail' }, entry.detail) : null,
      ),
    );
  }
  replace(overview, h('div', { class: 'card' }, h('h2', null, 'Details'), facts), h('div', { class: 'card' }, h('h2', null, 'Timeline'), timeline));

  if (job.metadata.length === 0) {
    replace(metadata, h('h2', null, 'Metadata'), h('p', { class: 'muted' }, 'No metadata.'));
  } else {
    const body = h('tbody');
    for (const [key, value] of job.metadata) body.append(h('tr', null, h('th', { attrs: { scope: 'row' } }, cut(key)), h('td', null, value)));
    replace(metadata, h('h2', null, 'Metadata'), h('table', { class: 'kv' }, body));
  }

  if (job.definition) {
    replace(definition, h('details', null, h('summary', null, 'Definition (submitted from this window)'), h('pre', { class: 'code' }, job.definition)));
  } else {
    replace(definition);
  }
}

function updatedText(job: JobView): string {
  return job.finished ? 'Finished' : `Live · updated ${formatClock(job.updatedAt)}`;
}

function renderFailure(): void {
  const job = model.job;
  const result = model.result?.state === 'ready' ? model.result : undefined;
  const error = result && !result.success ? result.error ?? 'The job failed without an error message.' : job && ['failed', 'deadletter', 'retrying'].includes(job.tone) ? job.lastError : null;
  if (!error) {
    replace(failure);
    return;
  }
  const heading = job?.tone === 'retrying' ? 'Last attempt failed' : 'Failed';
  replace(failure, h('div', { class: 'failure', attrs: { role: 'alert' } }, h('div', { class: 'failure-title' }, codicon('error'), heading), h('pre', { class: 'failure-text' }, error)));
}

// ---------------------------------------------------------------------------------------------
// Result

function renderResult(result: ResultView): void {
  if (result.state !== 'ready') {
    replace(resultSection, h('h2', null, 'Result'), h('p', { class: `result-${result.state}` }, result.message));
    scrollToResult();
    return;
  }
  const facts = h(
    'div',
    { class: 'result-facts' },
    fact('Outcome', result.success ? 'Success' : 'Failure', result.success ? 'ok' : 'bad'),
    fact('Processing time', result.processingMs === null ? '—' : formatDuration(result.processingMs)),
    fact('Worker', result.worker ?? '—'),
    fact('Completed', result.completedAt ? formatTimestamp(result.completedAt) : '—'),
  );
  const body = result.body;
  let content: Node | null = null;
  if (body.kind === 'crawl') content = crawlView(body);
  else if (body.kind === 'maintenance') content = maintenanceView(body);
  else if (body.kind === 'custom') content = customView(body);
  else if (body.kind === 'other') content = h('div', null, h('h3', null, 'Data'), truncatedPre(body.json, body.truncated));
  else if (result.success) content = h('p', { class: 'muted' }, 'The result carries no data.');
  replace(resultSection, h('h2', null, 'Result'), facts, content);
  scrollToResult();
}

/** openResult asked for the result: scroll there once it is drawn. */
function scrollToResult(): void {
  if (!revealResult || !model.result || model.result.state === 'waiting') return;
  revealResult = false;
  resultSection.scrollIntoView({ block: 'start' });
}

function fact(label: string, value: string, tone?: 'ok' | 'bad'): HTMLElement {
  return h('div', { class: 'fact' }, h('div', { class: 'fact-label' }, label), h('div', { class: `fact-value ${tone ?? ''}` }, value));
}

function truncatedPre(text: string, truncated: boolean, total?: number): HTMLElement {
  return h(
    'div',
    null,
    h('pre', { class: 'code' }, text),
    truncated
      ? h(
          'p',
          { class: 'truncated' },
          `Showing the first ${formatChars(text.length)}${total ? ` of ${formatChars(total)}` : ''}. `,
          button('Open raw JSON', () => post({ type: 'openRaw' }), { secondary: true }),
        )
      : null,
  );
}

function maintenanceView(body: MaintenanceResultView): HTMLElement {
  return h(
    'div',
    null,
    h('h3', null, `Maintenance · ${body.taskType}`),
    h('p', { class: body.success ? 'message' : 'message bad' }, body.message),
    h('h3', null, 'Details'),
    h('pre', { class: 'code' }, body.details),
  );
}

function customView(body: CustomResultView): HTMLElement {
  const info = h('tbody');
  for (const [k, v] of body.processingInfo) info.append(h('tr', null, h('th', { attrs: { scope: 'row' } }, cut(k)), h('td', null, v)));
  return h(
    'div',
    null,
    h('h3', null, `Custom · ${body.jobName}`),
    h('h3', null, 'Processing info'),
    body.processingInfo.length ? h('table', { class: 'kv' }, info) : h('p', { class: 'muted' }, 'None.'),
    h('h3', null, `Payload (${formatChars(body.payloadChars)})`),
    truncatedPre(body.payload, body.payloadTruncated, body.payloadChars),
  );
}

const COLUMNS: Array<{ key: CrawlSortColumn; label: string; numeric?: boolean }> = [
  { key: 'index', label: '#', numeric: true },
  { key: 'url', label: 'URL' },
  { key: 'status', label: 'HTTP', numeric: true },
  { key: 'title', label: 'Title' },
  { key: 'time', label: 'Time', numeric: true },
  { key: 'error', label: 'Error' },
];

function crawlView(body: CrawlResultView): HTMLElement {
  const s = body.summary;
  const summary = h(
    'div',
    { class: 'figures small' },
    figure('URLs', s.totalUrls),
    figure('Successful', s.successful, 'completed'),
    figure('Failed', s.failed, s.failed ? 'failed' : undefined),
    figure('From cache', s.fromCache),
  );
  const table = h('table', { class: 'crawl', attrs: { 'data-rows': String(body.rows.length) } });
  const headRow = h('tr');
  const sort = model.state?.sort ?? { column: 'index', descending: false };
  for (const col of COLUMNS) {
    const active = sort.column === col.key;
    headRow.append(
      h(
        'th',
        {
          class: `sortable ${col.numeric ? 'num' : ''}`,
          attrs: { scope: 'col', tabindex: '0', role: 'button', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none', 'data-column': col.key },
          onClick: () => sortBy(col.key),
        },
        col.label,
        // aria-sort says the order in words; the arrow is for the eye.
        active ? codicon(sort.descending ? 'arrow-down' : 'arrow-up', 'sort-icon') : null,
      ),
    );
  }
  const tbody = h('tbody');
  for (const row of sortedRows(body.rows, sort.column, sort.descending)) appendCrawlRow(tbody, row);
  table.append(h('thead', null, headRow), tbody);
  return h('div', null, summary, h('div', { class: 'table-wrap' }, table));
}

function figure(label: string, value: number, tone?: StatusTone): HTMLElement {
  return h('div', { class: `figure ${tone ? `tone-${tone}` : ''}` }, h('div', { class: 'figure-value' }, formatCount(value)), h('div', { class: 'figure-label' }, label));
}

function sortedRows(rows: CrawlRowView[], column: CrawlSortColumn, descending: boolean): CrawlRowView[] {
  const key = (r: CrawlRowView): string | number =>
    column === 'index' ? r.index : column === 'url' ? r.url : column === 'status' ? r.status : column === 'title' ? r.title ?? '' : column === 'time' ? r.timeMs : r.error ?? '';
  const sorted = [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
    return c || a.index - b.index;
  });
  return descending ? sorted.reverse() : sorted;
}

function sortBy(column: CrawlSortColumn): void {
  if (!model.state) return;
  const current = model.state.sort;
  model.state.sort = { column, descending: current?.column === column ? !current.descending : false };
  saveState();
  if (model.result) renderResult(model.result);
}

function appendCrawlRow(tbody: HTMLElement, row: CrawlRowView): void {
  const open = model.expanded.has(row.index);
  const statusClass = row.error || row.status >= 400 || row.status === 0 ? 'bad' : 'ok';
  const toggle = h(
    'button',
    {
      class: 'link-button',
      attrs: { type: 'button', 'aria-expanded': String(open), 'aria-label': `Extracted text and links of URL ${row.index + 1}`, 'data-row': String(row.index) },
      title: 'Show the extracted text and links',
      onClick: () => toggleRow(row.index),
    },
    codicon(open ? 'chevron-down' : 'chevron-right'),
  );
  tbody.append(
    h(
      'tr',
      { class: `crawl-row ${open ? 'open' : ''}`, attrs: { 'data-index': String(row.index) } },
      h('td', { class: 'num' }, toggle, ` ${row.index + 1}`),
      h('td', { class: 'url' }, row.url),
      h('td', { class: `num ${statusClass}` }, row.status ? String(row.status) : '—'),
      h('td', { class: 'title-cell' }, row.title ?? '—', row.fromCache ? h('span', { class: 'tag' }, 'cache') : null),
      h('td', { class: 'num' }, formatDuration(row.timeMs)),
      h('td', { class: 'error-cell' }, row.error ?? ''),
    ),
  );
  if (open) tbody.append(h('tr', { class: 'detail-row' }, h('td', { attrs: { colspan: String(COLUMNS.length) } }, rowDetailView(row))));
}

function rowDetailView(row: CrawlRowView): HTMLElement {
  const detail = model.details.get(row.index);
  if (!detail) {
    return h('div', { class: 'row-detail' }, h('pre', { class: 'text' }, row.textPreview), h('p', { class: 'muted' }, 'Loading the full text…'));
  }
  const links = h('ul', { class: 'links' });
  for (const link of detail.links.slice(0, 500)) links.append(h('li', null, link));
  return h(
    'div',
    { class: 'row-detail' },
    h('h4', null, `Extracted text (${formatChars(row.textLength)})`),
    h('pre', { class: 'text' }, detail.text || '(no text)'),
    detail.textTruncated ? h('p', { class: 'truncated' }, 'The text is cut here; "Open raw JSON" has all of it.') : null,
    h('h4', null, `Links (${detail.links.length})`),
    detail.links.length ? links : h('p', { class: 'muted' }, 'No links.'),
    detail.links.length > 500 ? h('p', { class: 'truncated' }, `Showing 500 of ${detail.links.length} links.`) : null,
  );
}

function toggleRow(index: number): void {
  if (model.expanded.has(index)) model.expanded.delete(index);
  else {
    model.expanded.add(index);
    if (!model.details.has(index)) post({ type: 'expandRow', index });
  }
  if (model.result) renderResult(model.result);
}

// ---------------------------------------------------------------------------------------------

let revealResult = false;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

onHostMessage<HostToJobMessage>((message) => {
  switch (message.type) {
    case 'init':
      model.state = { ...message.state, sort: model.state?.jobId === message.state.jobId ? model.state.sort : message.state.sort };
      saveState();
      return;
    case 'job':
      model.job = message.job;
      renderJob(message.job);
      return;
    case 'updated': {
      // Nothing changed but the time: only the text moves, so focus and selection stay.
      if (!model.job) return;
      model.job = { ...model.job, updatedAt: message.at };
      const updated = header.querySelector('.updated');
      if (updated) replace(updated, updatedText(model.job));
      return;
    }
    case 'result':
      model.result = message.result;
      model.details.clear();
      renderResult(message.result);
      renderFailure();
      return;
    case 'rowDetail':
      model.details.set(message.detail.index, message.detail);
      if (model.result && model.expanded.has(message.detail.index)) renderResult(model.result);
      return;
    case 'unknown':
      replace(header, h('h1', null, `Job ${message.jobId}`), h('div', { class: 'toolbar' }, button('Try again', () => post({ type: 'refresh' }), { secondary: true })));
      replace(failure, h('div', { class: 'failure unknown', attrs: { role: 'alert' } }, h('div', { class: 'failure-title' }, 'Unknown job'), h('p', null, message.message)));
      for (const section of [overview, metadata, resultSection, definition]) replace(section);
      return;
    case 'connection':
      banner.hidden = !message.message;
      replace(banner, message.message ? `Cannot reach RipTide: ${message.message}` : '');
      return;
    case 'notice':
      notice.hidden = false;
      replace(notice, message.message);
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => (notice.hidden = true), 4000);
      return;
    case 'reveal':
      revealResult = true;
      scrollToResult();
      return;
  }
});

post({ type: 'ready' });
