import type { MeterName, PriceTier } from './prices';
import { FREE_ALLOWANCES, METERS } from './prices';

/** Line items and their price: list prices by tier, and the AWS Free Tier allowances. */

export interface LineItem {
  readonly label: string;
  readonly meter: MeterName;
  /** Per month, in the meter's unit. */
  readonly quantity: number;
}

export interface PricedItem extends LineItem {
  readonly listUsd: number;
  readonly freeTierUsd: number;
}

function cost(tiers: readonly PriceTier[], alreadyBilled: number, quantity: number): number {
  let total = 0;
  let position = alreadyBilled;
  let left = quantity;
  for (const tier of tiers) {
    if (left <= 0) break;
    const room = (tier.upTo ?? Infinity) - position;
    if (room <= 0) continue;
    const here = Math.min(room, left);
    total += here * tier.price;
    position += here;
    left -= here;
  }
  return total;
}

/**
 * Prices line items in order: items of one meter climb its price tiers together (free units
 * count towards the tiers too), and a Free Tier allowance is used by the first items that draw
 * on it (with `freeTier` false, by none).
 */
export function priceItems(items: readonly LineItem[], freeTier: boolean): number[] {
  const used = new Map<MeterName, number>();
  const freeLeft = new Map<string, number>(Object.entries(FREE_ALLOWANCES));
  return items.map((item) => {
    const meter = METERS[item.meter];
    const allowance: string | undefined = 'freeAllowance' in meter ? meter.freeAllowance : undefined;
    const free = freeTier && allowance ? Math.min(freeLeft.get(allowance) ?? 0, item.quantity) : 0;
    if (allowance && free > 0) freeLeft.set(allowance, (freeLeft.get(allowance) ?? 0) - free);
    const before = used.get(item.meter) ?? 0;
    used.set(item.meter, before + item.quantity);
    return cost(meter.tiers, before + free, item.quantity - free);
  });
}
