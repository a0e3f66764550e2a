// Items waiting for a moment (delayed jobs, retries, result expiry), kept sorted by due time
// then insertion order, so the next due item is at the front and one timer serves them all.
export interface Due {
  dueAt: number;
  seq: number;
}

export class DueQueue<T extends Due> {
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Insert in order; O(log n) search, and appends (the common case) cost nothing extra. */
  add(item: T): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.items[mid];
      if (m.dueAt < item.dueAt || (m.dueAt === item.dueAt && m.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.items.length) this.items.push(item);
    else this.items.splice(lo, 0, item);
  }

  nextDueAt(): number | undefined {
    return this.items[0]?.dueAt;
  }

  /** Remove and return every item due at or before `now`, earliest first. */
  takeDue(now: number): T[] {
    let n = 0;
    while (n < this.items.length && this.items[n].dueAt <= now) n++;
    return n === 0 ? [] : this.items.splice(0, n);
  }

  /** The i-th item counted from the latest due (listing order: latest first). */
  atFromLatest(i: number): T | undefined {
    return i >= 0 && i < this.items.length ? this.items[this.items.length - 1 - i] : undefined;
  }
}
