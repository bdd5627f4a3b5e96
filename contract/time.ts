/** Units of time, in milliseconds. */
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
