/**
 * `RingQueue`: a FIFO on a power-of-two circular array, after undici's fixed-queue. `push` and `shift` are O(1)
 * (Array.shift moves every element), and a queue kept under a bound never reallocates once it has grown to it.
 * It grows by doubling when full, so an unbounded backlog works too; the caller enforces any bound.
 */
export class RingQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private mask: number;

  constructor(initialCapacity = 16) {
    let cap = 4;
    while (cap < initialCapacity) cap *= 2;
    this.items = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** The oldest item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** The oldest item, left in place. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** The i-th oldest item (0 = oldest), or undefined out of range. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.count ? this.items[(this.head + i) & this.mask] : undefined;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) & this.mask] as T;
    return out;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) & this.mask] as T;
  }

  private grow(): void {
    const old = this.toArray();
    this.items = new Array<T | undefined>(this.items.length * 2);
    this.mask = this.items.length - 1;
    for (let i = 0; i < old.length; i++) this.items[i] = old[i];
    this.head = 0;
  }
}
