import { readFile, writeFile } from "node:fs/promises";

export interface Item {
  sku: string;
  name: string;
  quantity: number;
  priceCents: number;
  tags: string[];
}

export interface StockChange {
  sku: string;
  delta: number;
  reason: "sale" | "restock" | "correction";
  at: Date;
}

export class Inventory {
  private readonly items = new Map<string, Item>();
  private readonly history: StockChange[] = [];

  static async load(path: string): Promise<Inventory> {
    const inventory = new Inventory();
    const rows = JSON.parse(await readFile(path, "utf8")) as Item[];
    for (const row of rows) inventory.add(row);
    return inventory;
  }

  add(item: Item): void {
    if (this.items.has(item.sku)) {
      throw new Error(`duplicate sku ${item.sku}`);
    }
    this.items.set(item.sku, { ...item, tags: [...item.tags] });
  }

  get(sku: string): Item | undefined {
    return this.items.get(sku);
  }

  adjust(sku: string, delta: number, reason: StockChange["reason"]): Item {
    const item = this.items.get(sku);
    if (!item) {
      throw new Error(`unknown sku ${sku}`);
    }
    if (item.quantity + delta < 0) {
      throw new Error(`not enough ${item.name}: ${item.quantity} left, ${-delta} requested`);
    }
    item.quantity += delta;
    this.history.push({ sku, delta, reason, at: new Date() });
    return item;
  }

  lowStock(threshold = 5): Item[] {
    return [...this.items.values()]
      .filter((item) => item.quantity <= threshold)
      .sort((a, b) => a.quantity - b.quantity);
  }

  totalValueCents(): number {
    let total = 0;
    for (const item of this.items.values()) {
      total += item.quantity * item.priceCents;
    }
    return total;
  }

  byTag(tag: string): Item[] {
    return [...this.items.values()].filter((item) => item.tags.includes(tag));
  }

  salesSince(since: Date): Map<string, number> {
    const sold = new Map<string, number>();
    for (const change of this.history) {
      if (change.reason !== "sale" || change.at < since) continue;
      sold.set(change.sku, (sold.get(change.sku) ?? 0) - change.delta);
    }
    return sold;
  }

  async save(path: string): Promise<void> {
    const rows = [...this.items.values()].sort((a, b) => a.sku.localeCompare(b.sku));
    await writeFile(path, JSON.stringify(rows, null, 2));
  }
}

export function formatPrice(cents: number, currency = "EUR"): string {
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 100);
}
