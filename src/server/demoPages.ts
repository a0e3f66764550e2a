// A few HTML pages of the server's own, so crawls work with no internet (tests, the sample
// workspace, benchmarks). Page `hostile` carries markup meant to test escaping downstream.
export const DEMO_PAGE_COUNT = 5;

const TOPICS = ['Tides', 'Currents', 'Reefs', 'Harbours', 'Lighthouses'];

export function demoIndex(): string {
  const items = TOPICS.map((t, i) => `<li><a href="/demo/pages/${i + 1}">${t}</a></li>`).join('\n');
  return page('RipTide demo pages', `<h1>RipTide demo pages</h1>
<p>Pages served by the local Workers server so that crawl jobs can run without internet access.</p>
<ul>
${items}
<li><a href="/demo/pages/hostile">Hostile content</a></li>
</ul>`);
}

/** Page n (1-based), or undefined when there is no such page. */
export function demoPage(n: number): string | undefined {
  const topic = TOPICS[n - 1];
  if (!topic) return undefined;
  const prev = n > 1 ? `<a href="/demo/pages/${n - 1}">Previous: ${TOPICS[n - 2]}</a>` : '';
  const next = n < TOPICS.length ? `<a href="/demo/pages/${n + 1}">Next: ${TOPICS[n]}</a>` : '';
  return page(`Demo page ${n}: ${topic}`, `<h1>${topic}</h1>
<p>This is demo page ${n} about ${topic.toLowerCase()}. It exists so that a crawl has a title, some text and links to follow.</p>
<p>Second paragraph of page ${n}, with <em>inline</em> markup &amp; an entity.</p>
<nav>${prev} ${next} <a href="/demo/pages">Index</a> <a href="/demo/pages/${n}#top">This page</a></nav>`);
}

/** Markup that a careless renderer would execute: the extracted title and text contain it as text. */
export function hostilePage(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8">
<title>&lt;script&gt;alert("title")&lt;/script&gt; Hostile &lt;img src=x onerror=alert(1)&gt;</title>
<script>window.hostile = true;</script>
<style>body { color: red }</style>
</head><body>
<h1>Hostile content</h1>
<p>Text that looks like markup: &lt;script&gt;alert("text")&lt;/script&gt; and &lt;img src=x onerror="alert(2)"&gt;.</p>
<img src="x" onerror="alert(3)">
<script>alert("inline script")</script>
<a href="javascript:alert(4)">javascript link</a>
<a href="/demo/pages/1">A safe link</a>
</body></html>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body { font-family: sans-serif; max-width: 40em; margin: 2em auto; }</style>
<script>/* not part of the text */ var demo = 1;</script>
</head><body>
${body}
</body></html>`;
}
