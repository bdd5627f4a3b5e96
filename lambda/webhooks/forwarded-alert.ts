import type { SNSEventRecord } from 'aws-lambda';

/**
 * An alert as the forwarder receives it from the alert topic. SNS hands a Lambda subscriber the
 * `default` body of a `MessageStructure: json` message (the full email text), the subject and
 * the message attributes: exactly what the email subscribers see.
 */
export interface ForwardedAlert {
  /** SNS message id: the same on every redelivery of the same alert. */
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
  readonly severity?: string;
  readonly app?: string;
  readonly daysLeft?: number;
}

export const FALLBACK_SUBJECT = 'LWA expiry monitor alert';

function attribute(record: SNSEventRecord, name: string): string | undefined {
  const value = record.Sns.MessageAttributes?.[name]?.Value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function toForwardedAlert(record: SNSEventRecord): ForwardedAlert {
  const sns = record.Sns;
  // The type says string, but SNS sends null when a message has no subject.
  const subject =
    typeof sns.Subject === 'string' && sns.Subject.trim() !== '' ? sns.Subject.trim() : FALLBACK_SUBJECT;
  const days = Number(attribute(record, 'daysLeft'));
  return {
    messageId: sns.MessageId,
    subject,
    text: typeof sns.Message === 'string' ? sns.Message : '',
    severity: attribute(record, 'severity'),
    app: attribute(record, 'app'),
    daysLeft: Number.isFinite(days) && attribute(record, 'daysLeft') !== undefined ? days : undefined,
  };
}
