/** Bounded concurrency: at most `limit` of `work` in flight; results in input order. Never rejects on one item. */
export async function mapPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** A promise made once per key and shared by every caller (one admin session per account, one SHOW per user). */
export class Once<V> {
  private readonly made = new Map<string, Promise<V>>();
  get(key: string, make: () => Promise<V>): Promise<V> {
    let value = this.made.get(key);
    if (!value) {
      value = make();
      this.made.set(key, value);
    }
    return value;
  }
  values(): Promise<V>[] {
    return [...this.made.values()];
  }
}
