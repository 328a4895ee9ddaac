// The batch fit (`rapport fit-value`) on the full CDNOW log: 23,570 customers, calibration to 1997-09-30.
import { describe, expect, it } from 'vitest';
import {
  addPurchase,
  DEFAULT_CONFIG,
  fitBgNbd,
  fitValueSnapshot,
  NO_PURCHASES,
  parseValueSnapshot,
  type PurchaseDays,
} from '../src/index.ts';
import { cdnowMaster, cdnowSummary } from './cdnow-data.ts';

const asOf = Date.UTC(1997, 8, 30);
const histories = new Map<string, PurchaseDays>();
for (const p of cdnowMaster())
  histories.set(
    p.id,
    addPurchase(histories.get(p.id) ?? NO_PURCHASES, {
      at: p.at,
      amountMinor: Math.round(p.dollars * 100),
      kind: 'purchase',
    }),
  );
const snapshot = fitValueSnapshot(histories.values(), { asOf, config: DEFAULT_CONFIG });

describe('value snapshot fitted on the full CDNOW log', () => {
  it('fits the whole population; the 1/10 sample of the papers is representative of it', () => {
    expect(snapshot.population).toEqual({ customers: 23_570, purchasers: 23_570, repeatCustomers: 9_450 });
    expect(snapshot.bgNbd.converged).toBe(true);
    // No published figures for the full data: the sample's parameters are the comparison (within 15%).
    const sample = fitBgNbd(cdnowSummary()).params;
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(snapshot.bgNbd.params[k] / sample[k] - 1), k).toBeLessThan(0.15);
    // Spend in cents: Gamma-Gamma's p and q do not depend on the unit, γ scales with it.
    expect(snapshot.gammaGamma!.params.p).toBeCloseTo(6.25, 0);
    expect(snapshot.gammaGamma!.params.gamma / 100).toBeGreaterThan(10);
    expect(snapshot.gammaGamma!.params.gamma / 100).toBeLessThan(20);
  });

  it('stores RFM quintile breakpoints and an increasing CLV distribution', () => {
    expect(snapshot.rfm.windowDays).toBe(365);
    expect(snapshot.rfm.recencyDays).toHaveLength(4);
    expect(snapshot.clv.grid).toHaveLength(21);
    for (let i = 1; i < snapshot.clv.grid.length; i++)
      expect(snapshot.clv.grid[i]!).toBeGreaterThanOrEqual(snapshot.clv.grid[i - 1]!);
    expect(snapshot.version).toBe('value-1997-09-30-default-2026.1');
  });

  it('is a plain JSON value that parses back unchanged, and a snapshot of another schema is refused', () => {
    const json = JSON.stringify(snapshot);
    expect(parseValueSnapshot(json)).toEqual(snapshot);
    expect(() => parseValueSnapshot({ ...snapshot, schemaVersion: 2 })).toThrow();
    expect(() =>
      parseValueSnapshot({
        ...snapshot,
        bgNbd: { ...snapshot.bgNbd, params: { ...snapshot.bgNbd.params, a: -1 } },
      }),
    ).toThrow();
  });

  it(
    'is reproducible: the same histories in another order give the same snapshot',
    { timeout: 30_000 },
    () => {
      const some = [...histories.values()].slice(0, 3000);
      const options = { asOf, config: DEFAULT_CONFIG };
      expect(fitValueSnapshot([...some].reverse(), options)).toEqual(fitValueSnapshot(some, options));
    },
  );
});
