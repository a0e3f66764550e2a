// Building DOM without markup strings: every text from the server goes in as a text node, so
// `<script>`, `<img onerror>` or `javascript:` in it is shown, never run. No innerHTML here.

import * as l10n from '@vscode/l10n';

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  /** Only aria-*, data-*, role, scope, colspan, tabindex and type: never href/src/on*. */
  attrs?: Record<string, string>;
  onClick?: (e: Event) => void;
}

const SAFE_ATTR = /^(aria-[a-z-]+|data-[a-z-]+|role|scope|colspan|tabindex|type)$/;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title) el.title = props.title;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (!SAFE_ATTR.test(name)) throw new Error(`attribute ${name} is not allowed`);
    el.setAttribute(name, value);
  }
  if (props?.onClick) el.addEventListener('click', props.onClick);
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/**
 * A server string in a narrow place (a metadata key, a job type in a table): cut with "…" at a
 * bounded width (see .cut in panels.css), the whole text on hover, so it can neither widen the
 * page nor squeeze the column beside it.
 */
export function cut(text: string): HTMLSpanElement {
  return h('span', { class: 'cut', title: text }, text);
}

/** Replaces a container's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  append(el, children);
  return el;
}

/**
 * A codicon (VS Code's icon font, linked by the page) by its name, e.g. 'check', 'sync'. Decorative:
 * hidden from screen readers, so whatever holds it must say the same in words (text or aria-label).
 */
export function codicon(name: string, extraClass = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extraClass}`.trim(), attrs: { 'aria-hidden': 'true' } });
}

/** `icon` is a codicon name shown before the label. */
export function button(label: string, onClick: () => void, options: { title?: string; secondary?: boolean; icon?: string } = {}): HTMLButtonElement {
  return h(
    'button',
    { class: options.secondary ? 'secondary' : '', title: options.title, attrs: { type: 'button' }, onClick: () => onClick() },
    options.icon ? codicon(options.icon, 'icon') : null,
    label,
  );
}

// ---------------------------------------------------------------------------------------------
// Words and numbers

export function formatChars(n: number): string {
  if (n < 1024) return l10n.t('{0} characters', n);
  if (n < 1024 * 1024) return l10n.t('{0} K characters', (n / 1024).toFixed(0));
  return l10n.t('{0} M characters', (n / 1024 / 1024).toFixed(1));
}
