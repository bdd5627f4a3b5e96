/**
 * Severities of the alerts the automation functions publish (the monitor's own are
 * `<n>-day`, `expired`, `resolved` and `undetermined`). Every alert carries one in its
 * `severity` message attribute, which SMS subscriptions filter on.
 */
export const AUTOMATION_SEVERITY = {
  /** A new client secret arrived from Amazon, was verified and made current. */
  newSecret: 'new-secret',
  /** A new client secret arrived but failed verification; the old one stays current. */
  verificationFailed: 'verification-failed',
  /** The live check found the current secret rejected by LWA (`invalid_client`). */
  secretRejected: 'secret-rejected',
  /** Automatic rotation asked Amazon for a new secret. */
  rotationRequested: 'rotation-requested',
  /** Automatic rotation could not ask Amazon for a new secret. */
  rotationFailed: 'rotation-failed',
  /** A notification could not be processed (unknown client id, malformed message). */
  notificationProblem: 'notification-problem',
  /** The live check got a refusal other than `invalid_client` (e.g. a bad refresh token). */
  credentialWarning: 'credential-warning',
} as const;

export type AutomationSeverity = (typeof AUTOMATION_SEVERITY)[keyof typeof AUTOMATION_SEVERITY];

/** Automation severities that reach SMS by default: each means API access is at risk now. */
export const URGENT_AUTOMATION_SEVERITIES: readonly AutomationSeverity[] = [
  AUTOMATION_SEVERITY.verificationFailed,
  AUTOMATION_SEVERITY.secretRejected,
  AUTOMATION_SEVERITY.rotationFailed,
];

/**
 * Severity of the message `lwa-expiry test-alert` publishes to prove the delivery path. Every
 * SMS subscription admits it, so a test reaches every subscriber whatever `smsSeverities` says.
 */
export const TEST_SEVERITY = 'test';
