/*
 * Least-recently-used slot choice for the page cache. Kept apart from the cache so pagedPlan can
 * replay an inference's page accesses without any memory and count exactly the reads the cache makes.
 */
export class Lru {
  readonly #page: Int32Array;
  readonly #used: Float64Array;
  #tick = 0;

  constructor(slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`a page cache needs at least one page, got ${slots}`);
    this.#page = new Int32Array(slots).fill(-1);
    this.#used = new Float64Array(slots);
  }

  get slots(): number {
    return this.#page.length;
  }

  /** The slot holding `page`, as `slot` on a hit or `-1 - slot` on a miss (the slot to load it into). */
  touch(page: number): number {
    const pages = this.#page;
    const used = this.#used;
    let victim = 0;
    for (let s = 0; s < pages.length; s++) {
      if (pages[s] === page) {
        used[s] = ++this.#tick;
        return s;
      }
      if ((used[s] as number) < (used[victim] as number)) victim = s;
    }
    pages[victim] = page;
    used[victim] = ++this.#tick;
    return -1 - victim;
  }

  /** Empties a slot (its page failed to load). */
  forget(slot: number): void {
    this.#page[slot] = -1;
    this.#used[slot] = 0;
  }
}
