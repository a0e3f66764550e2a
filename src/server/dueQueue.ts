// Items waiting for a moment (delayed jobs, retries, result expiry), kept sorted by due time
// then insertion order, so the next due item is at the front and one timer serves them all.
export interface Due {
  dueAt: number;
  seq: number;
}

export class DueQueue<T extends Due> {
  /** items[head..] are live; taking due items moves the head (like Deque) instead of splicing. */
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  /** Insert in order; O(log n) search, and appends (the common case) cost nothing extra. */
  add(item: T): void {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.items[mid];
      if (m.dueAt < item.dueAt || (m.dueAt === item.dueAt && m.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.items.length) this.items.push(item);
    else if (lo === this.head && this.head > 0) this.items[--this.head] = item; // reuse the dead prefix
    else this.items.splice(lo, 0, item);
  }

  nextDueAt(): number | undefined {
    return this.size > 0 ? this.items[this.head].dueAt : undefined;
  }

  /** Remove and return every item due at or before `now`, earliest first. */
  takeDue(now: number): T[] {
    let end = this.head;
    while (end < this.items.length && this.items[end].dueAt <= now) end++;
    if (end === this.head) return [];
    const due = this.items.slice(this.head, end);
    this.items.fill(undefined as unknown as T, this.head, end); // let them be collected
    this.head = end;
    // Compact once the dead prefix dominates, so memory stays proportional to the size.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return due;
  }

  /** The i-th item counted from the latest due (listing order: latest first). */
  atFromLatest(i: number): T | undefined {
    return i >= 0 && i < this.size ? this.items[this.items.length - 1 - i] : undefined;
  }
}
