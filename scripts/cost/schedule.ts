/**
 * How often an EventBridge schedule expression fires in a month, and in how many distinct hours:
 * custom metrics are billed per hour in which they receive data, so a daily function's metrics
 * cost 1/24 of an hourly one's.
 */

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export interface ScheduleRate {
  readonly runsPerMonth: number;
  /** Hours of the month in which at least one run starts. */
  readonly activeHoursPerMonth: number;
}

const RATE_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

function rateOf(expression: string): ScheduleRate | undefined {
  const match = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const unit = match[2]!.replace(/s$/, '');
  const periodMinutes = Number(match[1]) * RATE_MINUTES[unit]!;
  if (periodMinutes <= 0) return undefined;
  const runsPerMonth = MINUTES_PER_MONTH / periodMinutes;
  return { runsPerMonth, activeHoursPerMonth: Math.min(HOURS_PER_MONTH, runsPerMonth) };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The values a cron field allows, or undefined for syntax this counter does not model (L, W, #). */
function fieldValues(
  field: string,
  min: number,
  max: number,
  names: readonly string[] = [],
): Set<number> | undefined {
  const values = new Set<number>();
  const value = (text: string): number => {
    const named = names.indexOf(text.toUpperCase());
    return named >= 0 ? named + min : Number(text);
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      from = value(a!);
      to = value(b!);
    } else {
      from = value(range!);
      to = stepText === undefined ? from : max;
    }
    if (![from, to, step].every(Number.isInteger) || step < 1 || from < min || to > max || from > to) {
      return undefined;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Counts a cron expression's runs over a whole (non-leap) year, in UTC as EventBridge runs them. */
function cronOf(expression: string): ScheduleRate | undefined {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const fields = match[1]!.trim().split(/\s+/);
  if (fields.length !== 6 || fields[5] !== '*') return undefined;
  const minutes = fieldValues(fields[0]!, 0, 59);
  const hours = fieldValues(fields[1]!, 0, 23);
  const days = fieldValues(fields[2]!, 1, 31);
  const months = fieldValues(fields[3]!, 1, 12, MONTHS);
  const weekdays = fieldValues(fields[4]!, 1, 7, WEEKDAYS);
  if (!minutes || !hours || !days || !months || !weekdays) return undefined;
  const anyDay = fields[2] === '?' || fields[2] === '*';
  const anyWeekday = fields[4] === '?' || fields[4] === '*';
  let runs = 0;
  let activeHours = 0;
  const start = Date.UTC(2027, 0, 1);
  for (let day = 0; day < 365; day++) {
    const date = new Date(start + day * 86_400_000);
    const dayMatches = anyDay || days.has(date.getUTCDate());
    const weekdayMatches = anyWeekday || weekdays.has(date.getUTCDay() + 1);
    if (!months.has(date.getUTCMonth() + 1) || !dayMatches || !weekdayMatches) continue;
    runs += hours.size * minutes.size;
    activeHours += hours.size;
  }
  return { runsPerMonth: runs / 12, activeHoursPerMonth: activeHours / 12 };
}

/** Runs and active hours per month of `rate(...)` or `cron(...)`; undefined when it cannot be read. */
export function scheduleRate(expression: string): ScheduleRate | undefined {
  return rateOf(expression) ?? cronOf(expression);
}
