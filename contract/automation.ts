/** Defaults and limits of the automation functions that both the constructs and the functions check. */

export const DEFAULT_ROTATE_DAYS_BEFORE = 14;

export const DEFAULT_MAX_ROTATIONS_PER_RUN = 10;

/** Most rotate calls one run can make: 14 one-minute slots fit in Lambda's 15-minute ceiling. */
export const MAX_ROTATIONS_PER_RUN = 14;
