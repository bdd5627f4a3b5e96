/** Metric names of the rotation function (service dimension only: no per-app cost). */
export const ROTATION_METRIC = {
  requested: 'RotationsRequested',
  failed: 'RotationFailures',
  deferred: 'RotationsDeferred',
  calls: 'RotationCalls',
} as const;
