/**
 * Values by (entry, member) pair without a string per pair. A national round looks up every pair
 * of 600 entries and a council's judges (assignment, progress, counted sheets) on each close and
 * each page; a `${entry}:${member}` key per pair was most of that work's garbage. Keys compare as
 * Map keys do (1 and "1" differ).
 */
export class PairMap<K, V> {
  private readonly byFirst = new Map<K, Map<K, V>>();
  set(first: K, second: K, value: V): this {
    let inner = this.byFirst.get(first);
    if (!inner) this.byFirst.set(first, (inner = new Map()));
    inner.set(second, value);
    return this;
  }
  get(first: K, second: K): V | undefined {
    return this.byFirst.get(first)?.get(second);
  }
  has(first: K, second: K): boolean {
    return this.byFirst.get(first)?.has(second) ?? false;
  }
}

/** A set of pairs (a PairMap of `true`). */
export class PairSet<K> {
  private readonly pairs = new PairMap<K, true>();
  add(first: K, second: K): this {
    this.pairs.set(first, second, true);
    return this;
  }
  has(first: K, second: K): boolean {
    return this.pairs.has(first, second);
  }
}
