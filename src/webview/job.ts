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
import * as l10n from '@vscode/l10n';
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
const resultSection = h('section', { class: 'result', attrs: { 'aria-label': l10n.t('Result') } });
const definition = h('section', { class: 'definition' });
const origin = h('section', { class: 'origin', attrs: { 'aria-label': l10n.t('Origin') } });
replace(app, banner, notice, header, origin, failure, overview, metadata, resultSection, definition);
banner.hidden = true;
notice.hidden = true;

if (model.state?.jobId) replace(header, h('h1', null, l10n.t('Job {0}', model.state.jobId)), h('p', { class: 'muted' }, l10n.t('Loading…')));

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
    h('button', { class: 'link', title: l10n.t('Open the file at this line'), attrs: { type: 'button', 'data-origin': testId }, onClick: () => post({ type }) }, codicon('go-to-file', 'icon'), text);
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
      button(l10n.t('Refresh'), () => post({ type: 'refresh' }), { icon: 'refresh', secondary: true, title: l10n.t('Read the job again now') }),
      button(l10n.t('Open raw JSON'), () => post({ type: 'openRaw' }), { icon: 'json', title: l10n.t('Open the whole result in an editor tab') }),
      button(l10n.t('Copy'), () => post({ type: 'copy' }), { icon: 'copy', secondary: true, title: l10n.t('Copy the result as JSON') }),
      button(l10n.t('Save as…'), () => post({ type: 'saveAs' }), { icon: 'save-as', secondary: true, title: l10n.t('Save the result as a JSON file') }),
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
  replace(overview, h('div', { class: 'card' }, h('h2', null, l10n.t('Details')), facts), h('div', { class: 'card' }, h('h2', null, l10n.t('Timeline')), timeline));

  if (job.metadata.length === 0) {
    replace(metadata, h('h2', null, l10n.t('Metadata')), h('p', { class: 'muted' }, l10n.t('No metadata.')));
  } else {
    const body = h('tbody');
    for (const [key, value] of job.metadata) body.append(h('tr', null, h('th', { attrs: { scope: 'row' } }, cut(key)), h('td', null, value)));
    replace(metadata, h('h2', null, l10n.t('Metadata')), h('table', { class: 'kv' }, body));
  }

  if (job.definition) {
    replace(definition, h('details', null, h('summary', null, l10n.t('Definition (submitted from this window)')), h('pre', { class: 'code' }, job.definition)));
  } else {
    replace(definition);
  }
}

function updatedText(job: JobView): string {
  return job.finished ? l10n.t('Finished') : l10n.t('Live · updated {0}', formatClock(job.updatedAt));
}

function renderFailure(): void {
  const job = model.job;
  const result = model.result?.state === 'ready' ? model.result : undefined;
  const error = result && !result.success ? result.error ?? l10n.t('The job failed without an error message.') : job && ['failed', 'deadletter', 'retrying'].includes(job.tone) ? job.lastError : null;
  if (!error) {
    replace(failure);
    return;
  }
  const heading = job?.tone === 'retrying' ? l10n.t('Last attempt failed') : STATUS_LOOKS.failed.words;
  replace(failure, h('div', { class: 'failure', attrs: { role: 'alert' } }, h('div', { class: 'failure-title' }, codicon('error'), heading), h('pre', { class: 'failure-text' }, error)));
}

// ---------------------------------------------------------------------------------------------
// Result

function renderResult(result: ResultView): void {
  if (result.state !== 'ready') {
    replace(resultSection, h('h2', null, l10n.t('Result')), h('p', { class: `result-${result.state}` }, result.message));
    scrollToResult();
    return;
  }
  const facts = h(
    'div',
    { class: 'result-facts' },
    fact(l10n.t('Outcome'), result.success ? l10n.t('Success') : l10n.t('Failure'), result.success ? 'ok' : 'bad'),
    fact(l10n.t('Processing time'), result.processingMs === null ? '—' : formatDuration(result.processingMs)),
    fact(l10n.t('Worker'), result.worker ?? '—'),
    fact(l10n.t({ message: 'Completed', comment: ['The label of the time the job completed at'] }), result.completedAt ? formatTimestamp(result.completedAt) : '—'),
  );
  const body = result.body;
  let content: Node | null = null;
  if (body.kind === 'crawl') content = crawlView(body);
  else if (body.kind === 'maintenance') content = maintenanceView(body);
  else if (body.kind === 'custom') content = customView(body);
  else if (body.kind === 'other') content = h('div', null, h('h3', null, l10n.t('Data')), truncatedPre(body.json, body.truncated));
  else if (result.success) content = h('p', { class: 'muted' }, l10n.t('The result carries no data.'));
  replace(resultSection, h('h2', null, l10n.t('Result')), facts, content);
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
          total ? l10n.t('Showing the first {0} of {1}.', formatChars(text.length), formatChars(total)) : l10n.t('Showing the first {0}.', formatChars(text.length)),
          ' ',
          button(l10n.t('Open raw JSON'), () => post({ type: 'openRaw' }), { secondary: true }),
        )
      : null,
  );
}

function maintenanceView(body: MaintenanceResultView): HTMLElement {
  return h(
    'div',
    null,
    h('h3', null, l10n.t('Maintenance · {0}', body.taskType)),
    h('p', { class: body.success ? 'message' : 'message bad' }, body.message),
    h('h3', null, l10n.t('Details')),
    h('pre', { class: 'code' }, body.details),
  );
}

function customView(body: CustomResultView): HTMLElement {
  const info = h('tbody');
  for (const [k, v] of body.processingInfo) info.append(h('tr', null, h('th', { attrs: { scope: 'row' } }, cut(k)), h('td', null, v)));
  return h(
    'div',
    null,
    h('h3', null, l10n.t('Custom · {0}', body.jobName)),
    h('h3', null, l10n.t('Processing info')),
    body.processingInfo.length ? h('table', { class: 'kv' }, info) : h('p', { class: 'muted' }, l10n.t('None.')),
    h('h3', null, l10n.t('Payload ({0})', formatChars(body.payloadChars))),
    truncatedPre(body.payload, body.payloadTruncated, body.payloadChars),
  );
}

/** The crawl table's columns; labels are getters, looked up when the table is drawn. */
const COLUMNS: Array<{ key: CrawlSortColumn; readonly label: string; numeric?: boolean }> = [
  { key: 'index', label: '#', numeric: true },
  { key: 'url', get label() { return l10n.t('URL'); } },
  { key: 'status', get label() { return l10n.t({ message: 'HTTP', comment: ['The column of the HTTP status code of a crawled URL'] }); }, numeric: true },
  { key: 'title', get label() { return l10n.t({ message: 'Title', comment: ['The column of the page title of a crawled URL'] }); } },
  { key: 'time', get label() { return l10n.t({ message: 'Time', comment: ['The column of how long a URL took to crawl'] }); }, numeric: true },
  { key: 'error', get label() { return l10n.t('Error'); } },
];

function crawlView(body: CrawlResultView): HTMLElement {
  const s = body.summary;
  const summary = h(
    'div',
    { class: 'figures small' },
    figure(l10n.t('URLs'), s.totalUrls),
    figure(l10n.t('Successful'), s.successful, 'completed'),
    figure(l10n.t({ message: 'Failed', comment: ['How many URLs of a crawl failed'] }), s.failed, s.failed ? 'failed' : undefined),
    figure(l10n.t('From cache'), s.fromCache),
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
      attrs: { type: 'button', 'aria-expanded': String(open), 'aria-label': l10n.t('Extracted text and links of URL {0}', row.index + 1), 'data-row': String(row.index) },
      title: l10n.t('Show the extracted text and links'),
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
      h('td', { class: 'title-cell' }, row.title ?? '—', row.fromCache ? h('span', { class: 'tag' }, l10n.t({ message: 'cache', comment: ['A tag beside a crawled URL that came from the cache'] })) : null),
      h('td', { class: 'num' }, formatDuration(row.timeMs)),
      h('td', { class: 'error-cell' }, row.error ?? ''),
    ),
  );
  if (open) tbody.append(h('tr', { class: 'detail-row' }, h('td', { attrs: { colspan: String(COLUMNS.length) } }, rowDetailView(row))));
}

function rowDetailView(row: CrawlRowView): HTMLElement {
  const detail = model.details.get(row.index);
  if (!detail) {
    return h('div', { class: 'row-detail' }, h('pre', { class: 'text' }, row.textPreview), h('p', { class: 'muted' }, l10n.t('Loading the full text…')));
  }
  const links = h('ul', { class: 'links' });
  for (const link of detail.links.slice(0, 500)) links.append(h('li', null, link));
  return h(
    'div',
    { class: 'row-detail' },
    h('h4', null, l10n.t('Extracted text ({0})', formatChars(row.textLength))),
    h('pre', { class: 'text' }, detail.text || l10n.t('(no text)')),
    detail.textTruncated ? h('p', { class: 'truncated' }, l10n.t('The text is cut here; "{0}" has all of it.', l10n.t('Open raw JSON'))) : null,
    h('h4', null, l10n.t('Links ({0})', detail.links.length)),
    detail.links.length ? links : h('p', { class: 'muted' }, l10n.t('No links.')),
    detail.links.length > 500 ? h('p', { class: 'truncated' }, l10n.t('Showing {0} of {1} links.', 500, detail.links.length)) : null,
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
      replace(header, h('h1', null, l10n.t('Job {0}', message.jobId)), h('div', { class: 'toolbar' }, button(l10n.t('Try again'), () => post({ type: 'refresh' }), { secondary: true })));
      replace(failure, h('div', { class: 'failure unknown', attrs: { role: 'alert' } }, h('div', { class: 'failure-title' }, l10n.t('Unknown job')), h('p', null, message.message)));
      for (const section of [overview, metadata, resultSection, definition]) replace(section);
      return;
    case 'connection':
      banner.hidden = !message.message;
      replace(banner, message.message ? l10n.t('Cannot reach RipTide: {0}', message.message) : '');
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
