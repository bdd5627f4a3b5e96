/** Text tables of an estimate, at most 100 columns wide. */
import type { Assumption, Estimate } from './estimate';
import type { MeterName } from './prices';
import { METERS } from './prices';

export const MAX_WIDTH = 100;
const COLUMNS = { label: 30, quantity: 22, price: 22, usd: 10 } as const;

export function formatQuantity(value: number): string {
  if (value === 0) return '0';
  if (value < 0.01)
    return value.toLocaleString('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 12 });
  if (value < 10) return value.toFixed(2);
  if (value < 1000) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

export function formatUsd(value: number): string {
  if (value === 0) return '0.00';
  if (value < 0.01) return '<0.01';
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * The price of one unit (`$0.30`), or of a million for tiny prices (`$0.20 per M`); `(tiered)`
 * when the price falls with volume: the figure is then the first step's.
 */
export function formatUnitPrice(meter: MeterName): string {
  const { tiers } = METERS[meter];
  const first = tiers[0].price;
  // Four significant digits, never fewer than two decimals: $0.125, $0.30, $13.33, $0.0088.
  const dollars = (value: number) => {
    const text = String(Number(value.toPrecision(4)));
    const decimals = text.split('.')[1]?.length ?? 0;
    return decimals < 2 ? Number(text).toFixed(2) : text;
  };
  const text = first === 0 ? 'free' : first < 0.001 ? `$${dollars(first * 1e6)} per M` : `$${dollars(first)}`;
  return tiers.length > 1 ? `${text} (tiered)` : text;
}

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);

export function renderEstimate(estimate: Estimate): string {
  const header =
    pad('Item', COLUMNS.label) +
    pad('Quantity / month', COLUMNS.quantity) +
    pad('Unit price', COLUMNS.price) +
    padLeft('List USD', COLUMNS.usd) +
    padLeft('Free tier', COLUMNS.usd + 2);
  const rule = '-'.repeat(header.length);
  const rows = estimate.items.map(
    (item) =>
      pad(item.label, COLUMNS.label) +
      pad(`${formatQuantity(item.quantity)} ${METERS[item.meter].unit}`, COLUMNS.quantity) +
      pad(formatUnitPrice(item.meter), COLUMNS.price) +
      padLeft(formatUsd(item.listUsd), COLUMNS.usd) +
      padLeft(formatUsd(item.freeTierUsd), COLUMNS.usd + 2),
  );
  const total =
    pad('Total per month', COLUMNS.label + COLUMNS.quantity + COLUMNS.price) +
    padLeft(formatUsd(estimate.totalListUsd), COLUMNS.usd) +
    padLeft(formatUsd(estimate.totalFreeTierUsd), COLUMNS.usd + 2);
  const title = `${estimate.apps.toLocaleString('en-US')} app${estimate.apps === 1 ? '' : 's'}`;
  return [title, header, rule, ...rows, rule, total].join('\n');
}

/** `- why: value unit` lines, wrapped to the width. */
export function renderAssumptions(
  assumptions: Readonly<Record<string, Assumption>>,
  values: Readonly<Record<string, number>>,
): string {
  return Object.entries(assumptions)
    .map(([key, a]) => wrap(`- ${key} = ${values[key] ?? a.value} ${a.unit}: ${a.why}`, '    '))
    .join('\n');
}

export function wrap(text: string, indent = '  ', width = MAX_WIDTH): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line} ${word}`;
    const limit = lines.length === 0 ? width : width - indent.length;
    if (next.length > limit && line !== '') {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join('\n');
}
