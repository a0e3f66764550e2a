// A FIFO queue with O(1) push, shift and indexed access (an array with a moving head).
export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.size > 0 ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined as unknown as T; // let it be collected
    this.head++;
    // Compact once the dead prefix dominates, so memory stays proportional to the size.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** The i-th item from the front (0 = next out). */
  at(i: number): T | undefined {
    return i >= 0 && i < this.size ? this.items[this.head + i] : undefined;
  }
}
