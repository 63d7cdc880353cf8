import { IdTable } from './id-table';

/** A growable Int32Array: per-id numbers without one JS object per id. */
export class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

/** What adding an id to a registry found. */
export type IdAdded = { added: true; index: number } | { added: false; firstRow: number };

/** Ids of a sheet in first-seen order, each with its row number. */
export class IdRegistry {
  ids = new IdTable();
  rows = new IntColumn();

  /** Frees the memory once no later sheet refers to these ids. */
  release(): void {
    this.ids = new IdTable();
    this.rows = new IntColumn();
  }

  /** Adds a new id with its row, or tells the row where it was first seen. */
  add(id: string, row: number): IdAdded {
    const i = this.ids.add(id);
    // IdTable answers an id it already holds with -(its number + 1).
    if (i < 0) return { added: false, firstRow: this.rows.get(-i - 1) };
    this.rows.push(row);
    return { added: true, index: i };
  }

  /** The index of `id`, or null when the sheet has no such id. */
  find(id: string): number | null {
    const i = this.ids.get(id);
    return i < 0 ? null : i;
  }

  get size(): number {
    return this.ids.size;
  }
}
