// Title, readable text and links from an HTML page: a small tolerant extractor, no DOM needed.
export interface Extracted {
  title: string | null;
  text: string;
  links: string[];
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return codePoint(parseInt(lower.slice(2), 16)) ?? whole;
    if (lower.startsWith('#')) return codePoint(parseInt(lower.slice(1), 10)) ?? whole;
    return NAMED_ENTITIES[lower] ?? whole;
  });
}

function codePoint(n: number): string | undefined {
  return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function extractHtml(html: string, pageUrl: string): Extracted {
  const titleMatch = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  const title = titleMatch ? collapse(decodeEntities(titleMatch[1])) : null;

  const baseHref = /<base\b[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(html);
  const base = resolve(baseHref ? (baseHref[1] ?? baseHref[2] ?? baseHref[3]) : pageUrl, pageUrl) ?? pageUrl;

  const links: string[] = [];
  const seen = new Set<string>();
  const anchor = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  for (let m = anchor.exec(html); m; m = anchor.exec(html)) {
    const abs = resolve(decodeEntities(m[1] ?? m[2] ?? m[3]), base);
    if (abs && !seen.has(abs)) {
      seen.add(abs);
      links.push(abs);
    }
  }

  const body = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ');
  return { title, text: collapse(decodeEntities(body)), links };
}

/** An absolute http(s) URL without its fragment, or null for anything else (mailto:, javascript:, ...). */
function resolve(href: string, base: string): string | null {
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}
