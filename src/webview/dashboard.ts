// The queue dashboard's webview: large figures, worker pool health, metrics, and hand-drawn SVG
// charts of throughput and failures and of the backlog (pending, processing) over the last hour
// of the host's readings. Each read brings one new sample; all of them come after a (re)load.
// Samples survive a window reload in state.
import * as l10n from '@vscode/l10n';
import { completedFailuresWords, formatDuration, STATUS_LOOKS } from '../common/jobLabels';
import { addSample, backlogOf, ratesOf } from '../common/dashboardModel';
import type { DashboardSample, DashboardState, DashboardToHostMessage, DashboardView, HostToDashboardMessage, StatusTone } from '../common/messages';
import { button, codicon, cut, h, replace, svg } from './dom';
import { formatClock, formatCount } from '../common/format';
import { configureL10n } from './l10n';
import { onHostMessage, vscodeApi } from './vscodeApi';
import './panels.css';

configureL10n(); // first: everything below may show translated text
const vscode = vscodeApi<DashboardState, DashboardToHostMessage>();
let samples: DashboardSample[] = vscode.getState()?.samples ?? [];

const app = document.getElementById('app') as HTMLElement;
const banner = h('div', { class: 'banner', attrs: { role: 'status' } });
const header = h(
  'header',
  { class: 'header' },
  h('div', { class: 'title-row' }, h('h1', null, l10n.t('RipTide queue'))),
  h('div', { class: 'toolbar' }, button(l10n.t('Refresh'), () => vscode.postMessage({ type: 'refresh' }), { icon: 'refresh', secondary: true }), h('span', { class: 'muted updated' })),
);
const figures = h('section', { class: 'figures', attrs: { 'aria-label': l10n.t('Queue') } });
const middle = h('section', { class: 'dash-grid' });
const chartCard = h('section', { class: 'card chart-card', attrs: { 'data-chart': 'throughput' } });
const backlogCard = h('section', { class: 'card chart-card', attrs: { 'data-chart': 'backlog' } });
const perType = h('section', { class: 'per-type' });
replace(app, header, banner, figures, middle, h('h2', null, l10n.t('Throughput, the last hour')), chartCard, h('h2', null, l10n.t('Backlog, the last hour')), backlogCard, perType);
banner.hidden = true;
if (samples.length) drawChart();
let lastWidth = 0;
new ResizeObserver(() => {
  if (chartCard.clientWidth === lastWidth) return;
  lastWidth = chartCard.clientWidth;
  drawChart();
}).observe(chartCard);

function render(v: DashboardView): void {
  replace(header.querySelector('.updated') as HTMLElement, l10n.t('Live · updated {0}', formatClock(v.at)));
  const q = v.queue;
  const figs: Array<[number, StatusTone, string]> = [
    [q.pending, 'pending', 'pending'],
    [q.delayed, 'delayed', 'delayed'],
    [q.processing, 'processing', 'processing'],
    [q.retrying, 'retrying', 'retry'],
    [q.completed, 'completed', 'completed'],
    [q.deadLetter, 'deadletter', 'failed'],
  ];
  const figure = (value: number, tone: StatusTone, key: string, label: string, title?: string) =>
    h('div', { class: `figure tone-${tone}`, attrs: { 'data-figure': key, ...(title ? { title } : {}) } }, h('div', { class: 'figure-value' }, formatCount(value)), h('div', { class: 'figure-label' }, label));
  replace(
    figures,
    ...figs.map(([value, tone, key]) => figure(value, tone, key, STATUS_LOOKS[tone].words)),
    // RipTide counts these as completed: without this figure "0 failed" would stand beside red jobs.
    ...(v.completedFailures > 0
      ? [figure(v.completedFailures, 'failed', 'completed-failed', l10n.t('Completed, result failed'), l10n.t('{0}; the server counts them as completed.', completedFailuresWords(v.completedFailures)))]
      : []),
  );
  replace(middle, workersCard(v), metricsCard(v));
  replace(perType, ...perTypeTable(v));
  drawChart();
}

function workersCard(v: DashboardView): HTMLElement {
  const card = h('div', { class: 'card workers' }, h('h2', null, l10n.t('Worker pool')));
  if (!v.workers) {
    card.append(h('p', { class: 'muted' }, v.workersError ?? l10n.t('Not available.')));
    return card;
  }
  const w = v.workers;
  const share = w.total > 0 ? w.healthy / w.total : 0;
  card.append(
    h('div', { class: 'big-line', attrs: { 'data-figure': 'healthy' } }, l10n.t('{0} of {1} healthy', w.healthy, w.total)),
    h('div', { class: 'meter', attrs: { role: 'meter', 'aria-valuenow': String(Math.round(share * 100)), 'aria-valuemin': '0', 'aria-valuemax': '100' } }, meterFill(share)),
    h('p', { class: `pool-state ${w.running ? 'ok' : 'bad'}` }, codicon(w.running ? 'play-circle' : 'debug-pause'), w.running ? l10n.t('Running') : l10n.t('Stopped')),
    kvTable([
      [l10n.t('Jobs processed'), formatCount(w.processed)],
      [
        l10n.t('Jobs failed'),
        v.completedFailures > 0
          ? l10n.t('{0} (+{1} completed with a failed result, seen here)', formatCount(w.failed), formatCount(v.completedFailures))
          : formatCount(w.failed),
      ],
    ]),
  );
  return card;
}

function meterFill(share: number): HTMLElement {
  const fill = h('div', { class: `meter-fill ${share < 1 ? 'warn' : ''}` });
  fill.style.width = `${Math.round(share * 100)}%`;
  return fill;
}

function metricsCard(v: DashboardView): HTMLElement {
  const card = h('div', { class: 'card metrics' }, h('h2', null, l10n.t('Metrics')));
  const m = v.metrics;
  if (!m) {
    card.append(h('p', { class: 'muted' }, v.metricsError ?? l10n.t('Not available.')));
    return card;
  }
  card.append(
    h('div', { class: 'big-line', attrs: { 'data-figure': 'success-rate' } }, l10n.t('{0}% success', m.successRate.toFixed(1))),
    h('div', { class: 'meter' }, meterFill(m.successRate / 100)),
    ...(v.completedFailures > 0
      ? [h('p', { class: 'note warn', attrs: { 'data-figure': 'success-caveat' } }, l10n.t('As the server counts: {0}, counted as successes.', completedFailuresWords(v.completedFailures)))]
      : []),
    kvTable([
      [l10n.t({ message: 'Average', comment: ['The average processing time of a job'] }), formatDuration(m.avgMs)],
      [l10n.t({ message: 'p95', comment: ['The 95th percentile of the processing time'] }), formatDuration(m.p95Ms)],
      [l10n.t({ message: 'p99', comment: ['The 99th percentile of the processing time'] }), formatDuration(m.p99Ms)],
      [l10n.t({ message: 'Submitted', comment: ['How many jobs were submitted'] }), formatCount(m.submitted)],
      [l10n.t('Completed / failed'), l10n.t('{0} / {1}', formatCount(m.completed), formatCount(m.failed))],
      [l10n.t('Retried / dead letter'), l10n.t('{0} / {1}', formatCount(m.retried), formatCount(m.deadLetter))],
      [l10n.t('Server uptime'), formatDuration(m.uptimeSeconds * 1000)],
    ]),
  );
  return card;
}

function kvTable(rows: Array<[string, string]>): HTMLElement {
  const body = h('tbody');
  for (const [k, val] of rows) body.append(h('tr', null, h('th', { attrs: { scope: 'row' } }, k), h('td', { class: 'num' }, val)));
  return h('table', { class: 'kv' }, body);
}

function perTypeTable(v: DashboardView): Node[] {
  if (!v.metrics || v.metrics.perType.length === 0) return [];
  const columns = [
    l10n.t({ message: 'Type', comment: ['The column of the job type'] }),
    l10n.t({ message: 'Submitted', comment: ['How many jobs were submitted'] }),
    l10n.t({ message: 'Completed', comment: ['How many jobs completed'] }),
    l10n.t({ message: 'Failed', comment: ['How many jobs failed'] }),
    l10n.t({ message: 'Retried', comment: ['How many jobs were retried'] }),
    STATUS_LOOKS.deadletter.words,
    l10n.t({ message: 'Average', comment: ['The average processing time of a job'] }),
  ];
  const head = h('tr', null, ...columns.map((c, i) => h('th', { class: i ? 'num' : '', attrs: { scope: 'col' } }, c)));
  const body = h('tbody');
  for (const t of v.metrics.perType) {
    body.append(
      h(
        'tr',
        null,
        h('td', { class: 'type-cell' }, cut(t.type)),
        h('td', { class: 'num' }, formatCount(t.submitted)),
        h('td', { class: 'num' }, formatCount(t.completed)),
        h('td', { class: `num ${t.failed ? 'bad' : ''}` }, formatCount(t.failed)),
        h('td', { class: 'num' }, formatCount(t.retried)),
        h('td', { class: 'num' }, formatCount(t.deadLetter)),
        h('td', { class: 'num' }, formatDuration(t.avgMs)),
      ),
    );
  }
  return [h('h2', null, l10n.t('By job type')), h('div', { class: 'table-wrap' }, h('table', { class: 'per-type-table' }, h('thead', null, head), body))];
}

// ---------------------------------------------------------------------------------------------
// Charts over the samples of the last hour: jobs per minute (completed, failed) and the backlog
// (pending, processing).

const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

interface Series {
  name: string;
  /** The CSS class suffix: line-<tone>, swatch <tone>. */
  tone: string;
  values: number[];
  area?: boolean;
}

function drawChart(): void {
  const rates = ratesOf(samples);
  lineChart(chartCard, rates.map((p) => p.t), [
    { name: l10n.t('Completed per minute'), tone: 'completed', values: rates.map((p) => p.completedPerMin), area: true },
    { name: l10n.t('Failed per minute'), tone: 'failed', values: rates.map((p) => p.failedPerMin) },
  ], l10n.t('Jobs completed and failed per minute'));
  const backlog = backlogOf(samples);
  lineChart(backlogCard, backlog.map((p) => p.t), [
    { name: STATUS_LOOKS.pending.words, tone: 'pending', values: backlog.map((p) => p.pending), area: true },
    { name: STATUS_LOOKS.processing.words, tone: 'processing', values: backlog.map((p) => p.processing) },
  ], l10n.t('Jobs pending and processing over time'));
}

function lineChart(card: HTMLElement, times: number[], series: Series[], label: string): void {
  if (times.length < 2) {
    replace(card, h('p', { class: 'muted' }, l10n.t('Collecting… the chart fills in as the queue is read.')));
    return;
  }
  // Drawn at the card's own width (no scaling), so the labels keep the editor's font size.
  const W = Math.max(320, card.clientWidth - 34);
  const t0 = times[0];
  const t1 = times[times.length - 1];
  const max = niceMax(Math.max(1, ...series.flatMap((s) => s.values)));
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const line = (values: number[]) => values.map((v, i) => `${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const chart = svg('svg', { class: 'chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    chart.append(
      svg('line', { class: i === 0 ? 'axis' : 'grid', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      svg('text', { class: 'label', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, formatRate(v)),
    );
  }
  for (const s of series) {
    if (s.area) chart.append(svg('polygon', { class: `area-${s.tone}`, points: `${x(t0).toFixed(1)},${y(0)} ${line(s.values)} ${x(t1).toFixed(1)},${y(0)}` }));
    chart.append(svg('polyline', { class: `line-${s.tone}`, points: line(s.values) }));
  }
  chart.append(
    svg('text', { class: 'label', x: PAD.left, y: H - 8 }, formatClock(t0)),
    svg('text', { class: 'label', x: W - PAD.right, y: H - 8, 'text-anchor': 'end' }, formatClock(t1)),
  );
  const legend = h('div', { class: 'legend' }, ...series.map((s) => h('span', null, h('span', { class: `swatch ${s.tone}` }), l10n.t('{0} (now {1})', s.name, formatRate(s.values[s.values.length - 1])))));
  replace(card, legend, chart);
}

function niceMax(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= v) return m * step;
  return 10 * step;
}

function formatRate(v: number): string {
  if (v >= 10) return Math.round(v).toString();
  return String(Number(v.toFixed(v >= 1 ? 1 : 2)));
}

onHostMessage<HostToDashboardMessage>((message) => {
  if (message.type === 'connection') {
    banner.hidden = !message.message;
    replace(banner, message.message ? l10n.t('Cannot reach RipTide: {0}', message.message) : '');
    return;
  }
  if (message.type === 'history') {
    samples = message.samples;
    saveSamples(true);
    if (message.view) render(message.view);
    else drawChart();
    return;
  }
  if (message.sample) {
    samples = addSample(samples, message.sample);
    saveSamples(false);
  }
  render(message.view);
});

/** Up to 2,400 samples: kept in the state (for a window reload) at most once a minute, not every tick. */
const SAVE_EVERY_MS = 60_000;
let savedAt = 0;
function saveSamples(now: boolean): void {
  if (!now && Date.now() - savedAt < SAVE_EVERY_MS) return;
  savedAt = Date.now();
  vscode.setState({ samples });
}

vscode.postMessage({ type: 'ready' });
