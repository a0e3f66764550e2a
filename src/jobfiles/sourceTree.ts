// A small syntax tree shared by the JSON and the YAML reader: just enough to find where a value
// or a key sits in the text. Problems are anchored through it.
import type { Span } from './positions';

export type PathSegment = string | number;
export type Path = PathSegment[];

export interface SourceProperty {
  key: string;
  /** The key as written, quotes included. */
  keySpan: Span;
  value: SourceNode | undefined;
}

export interface SourceNode {
  kind: 'object' | 'array' | 'scalar';
  span: Span;
  properties?: SourceProperty[];
  items?: SourceNode[];
}

/** The property of an object node with this key (the last one, as JSON.parse keeps the last). */
function propertyOf(node: SourceNode | undefined, key: PathSegment): SourceProperty | undefined {
  const props = node?.properties;
  if (!props) return undefined;
  for (let i = props.length - 1; i >= 0; i--) if (props[i].key === String(key)) return props[i];
  return undefined;
}

function childOf(node: SourceNode | undefined, segment: PathSegment): SourceNode | undefined {
  if (node?.kind === 'array' && typeof segment === 'number') return node.items?.[segment];
  return propertyOf(node, segment)?.value;
}

/** The node at a path, or the deepest node on the way there. */
export function nodeAt(root: SourceNode, path: Path): { node: SourceNode; depth: number } {
  let node = root;
  let depth = 0;
  for (const segment of path) {
    const child = childOf(node, segment);
    if (!child) break;
    node = child;
    depth++;
  }
  return { node, depth };
}

/** Where to point for a value at `path`: the value itself, else the nearest thing found on the way. */
export function valueSpan(root: SourceNode, path: Path): Span {
  const { node, depth } = nodeAt(root, path);
  if (depth === path.length) return node.span;
  return headSpan(root, path.slice(0, depth));
}

/** Where to point for a key: the key itself (for an array item, the item), else the nearest thing found. */
export function keySpan(root: SourceNode, path: Path): Span {
  if (path.length === 0) return headSpan(root, []);
  const parentPath = path.slice(0, -1);
  const { node, depth } = nodeAt(root, parentPath);
  if (depth === parentPath.length) {
    const last = path[path.length - 1];
    const prop = node.kind === 'object' ? propertyOf(node, last) : undefined;
    if (prop) return prop.keySpan;
    const item = childOf(node, last);
    if (item) return item.span;
  }
  return headSpan(root, parentPath.slice(0, depth));
}

/**
 * The "name" of the object at `path`: its key in the parent, or for the root (or an array item)
 * its first character, so a squiggle stays short rather than covering the whole object.
 */
export function headSpan(root: SourceNode, path: Path): Span {
  if (path.length > 0 && typeof path[path.length - 1] === 'string') {
    const parent = nodeAt(root, path.slice(0, -1));
    const prop = parent.depth === path.length - 1 ? propertyOf(parent.node, path[path.length - 1]) : undefined;
    if (prop) return prop.keySpan;
  }
  const { node } = nodeAt(root, path);
  const firstKey = node.properties?.[0]?.keySpan;
  // A JSON object's head is its brace; a YAML block mapping has none, so its first key stands in.
  return firstKey && firstKey.start === node.span.start ? firstKey : { start: node.span.start, end: node.span.start + 1 };
}

/** A path as a person reads it: job_type.urls[2]. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}
