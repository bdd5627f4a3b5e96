/**
 * Preload (`node --require ./scripts/shifted-clock.cjs`) that moves the process's wall clock,
 * for running the bundled functions at a simulated time. The monitor trusts an event's `time`
 * only within the retry window of its wall clock, so a simulation moves the clock, not only the
 * event. `SHIFTED_CLOCK_AT` (ISO-8601) sets where the clock starts; the process can move it
 * later with `globalThis.shiftClockTo(isoOrMs)`. Time then runs on at its normal pace.
 */
'use strict';

const RealDate = Date;
let offsetMs = 0;

function shiftClockTo(at) {
  const target = typeof at === 'number' ? at : RealDate.parse(at);
  if (Number.isNaN(target)) throw new Error(`shiftClockTo: ${String(at)} is not a date`);
  offsetMs = target - RealDate.now();
}

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offsetMs;
  }
}

globalThis.Date = ShiftedDate;
globalThis.shiftClockTo = shiftClockTo;
if (process.env.SHIFTED_CLOCK_AT) shiftClockTo(process.env.SHIFTED_CLOCK_AT);
