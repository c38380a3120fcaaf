/**
 * @module evaluation/spend-window
 * Spend over a rolling window (the online judge's hourly cap): amounts older than the
 * window fall out, so a burst is forgiven an hour later rather than at a clock boundary.
 */

export interface SpendWindow {
  add(usd: number): void;
  /** USD spent within the window ending now. */
  totalUsd(): number;
}

export interface SpendWindowOptions {
  readonly windowMs: number;
  /** Epoch ms clock. */
  readonly now: () => number;
}

/** @example const spend = createSpendWindow({ windowMs: 3_600_000, now: Date.now }); */
export function createSpendWindow({ windowMs, now }: SpendWindowOptions): SpendWindow {
  const entries: { atMs: number; usd: number }[] = [];
  const prune = (): void => {
    const oldestMs = now() - windowMs;
    while (entries.length > 0 && entries[0]!.atMs <= oldestMs) entries.shift();
  };
  return {
    add(usd) {
      if (usd > 0) entries.push({ atMs: now(), usd });
    },
    totalUsd() {
      prune();
      return entries.reduce((sum, entry) => sum + entry.usd, 0);
    },
  };
}
