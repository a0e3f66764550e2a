// Source positions in the editor's terms: 0-based line and character (UTF-16 code units, as in
// a JavaScript string and in VS Code). Offsets are always clamped into the document, so a range
// computed here can never point outside it.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** An offset span [start, end) in the text. */
export interface Span {
  start: number;
  end: number;
}

/** Maps offsets to positions for one text; line breaks are \n, \r\n and a lone \r (as in VS Code). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  clamp(offset: number): number {
    return Number.isFinite(offset) ? Math.min(Math.max(0, Math.floor(offset)), this.text.length) : 0;
  }

  positionAt(offset: number): Position {
    const at = this.clamp(offset);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    // An offset between the \r and \n of one line break belongs to the end of that line.
    const lineEnd = this.lineEndOffset(low);
    return { line: low, character: Math.min(at, lineEnd) - this.lineStarts[low] };
  }

  rangeOf(span: Span): Range {
    const start = this.clamp(span.start);
    const end = Math.max(start, this.clamp(span.end));
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEndOffset(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineStartOffset(line: number): number {
    return this.lineStarts[Math.min(Math.max(0, line), this.lineStarts.length - 1)];
  }
}
