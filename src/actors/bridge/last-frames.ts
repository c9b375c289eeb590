/**
 * The last message of each type per topic and symbol that this node published, kept by reference (the ring
 * already decoded it; nothing is copied per frame), so a gateway that starts late gets the current picture from
 * every node at once. Orders keep only their newest message per symbol: the blotter history is the gateway's.
 */
export class LastFrames {
  private readonly byTopic = new Map<string, Map<string, Map<unknown, unknown>>>();

  record(topic: string, symbol: string, message: { type?: unknown }): void {
    let bySymbol = this.byTopic.get(topic);
    if (!bySymbol) {
      bySymbol = new Map();
      this.byTopic.set(topic, bySymbol);
    }
    let byType = bySymbol.get(symbol);
    if (!byType) {
      byType = new Map();
      bySymbol.set(symbol, byType);
    }
    byType.set(message.type, message);
  }

  forEach(visit: (topic: string, symbol: string, message: unknown) => void): void {
    for (const [topic, bySymbol] of this.byTopic)
      for (const [symbol, byType] of bySymbol) for (const m of byType.values()) visit(topic, symbol, m);
  }

  /** A symbol that left this node: its values now come from the new owner. */
  forget(symbol: string): void {
    for (const bySymbol of this.byTopic.values()) bySymbol.delete(symbol);
  }
}
