import {
  CHANNEL_TEXT_LIMIT,
  fitText,
  urgencyOf,
  webhookPayload,
} from '../../../lambda/webhooks/channel-payloads';
import type { ForwardedAlert } from '../../../lambda/webhooks/forwarded-alert';
import { toForwardedAlert } from '../../../lambda/webhooks/forwarded-alert';
import { SAMPLE_ALERT, snsRecordFor } from './sns-delivery';

const ALERT: ForwardedAlert = toForwardedAlert(snsRecordFor(SAMPLE_ALERT));

describe('webhookPayload: the body each incoming webhook accepts', () => {
  it('Slack: { text } with the subject in bold and mrkdwn control characters escaped', () => {
    const payload = webhookPayload('slack', ALERT);
    expect(Object.keys(payload)).toEqual(['text']);
    expect(payload.text).toMatch(
      /^\*\[LWA 7-day\] Acme &amp; Co &lt;EU&gt; client secret expires in 7 days\*\n/,
    );
    expect(payload.text).toContain('Days left:      7');
  });

  it('Microsoft Teams (connector): a MessageCard with summary, title, text and a colour', () => {
    const payload = webhookPayload('teams', ALERT);
    expect(payload).toMatchObject({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: SAMPLE_ALERT.subject,
      title: SAMPLE_ALERT.subject,
      themeColor: 'D13438',
    });
    // Teams joins single line breaks: each line is its own paragraph.
    expect(payload.text).toContain(
      'expires in 7 days.\n\nApp:            Acme & Co <EU>\n\nDays left:      7',
    );
  });

  it('Microsoft Teams (Workflows): a message with one Adaptive Card attachment', () => {
    const payload = webhookPayload('teamsWorkflows', ALERT);
    expect(payload).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              {
                type: 'TextBlock',
                text: SAMPLE_ALERT.subject,
                weight: 'Bolder',
                wrap: true,
                color: 'Attention',
              },
              { type: 'TextBlock', wrap: true },
            ],
          },
        },
      ],
    });
  });

  it('Amazon Chime: { Content } with subject and body', () => {
    const payload = webhookPayload('chime', ALERT);
    expect(Object.keys(payload)).toEqual(['Content']);
    expect(payload.Content).toBe(`${SAMPLE_ALERT.subject}\n${SAMPLE_ALERT.email}`);
  });

  it('shortens a long alert to each channel limit, saying so', () => {
    const long: ForwardedAlert = { ...ALERT, text: 'x'.repeat(50_000) };
    for (const channel of ['slack', 'teams', 'teamsWorkflows', 'chime'] as const) {
      const serialized = JSON.stringify(webhookPayload(channel, long));
      expect(serialized.length).toBeLessThan(CHANNEL_TEXT_LIMIT[channel] + 1_000);
      expect(serialized).toContain('shortened; the email alert has the full text');
    }
    expect(fitText('short', 10)).toBe('short');
  });
});

describe('urgencyOf: the colour follows the severity', () => {
  it.each([
    ['expired', 'urgent'],
    ['1-day', 'urgent'],
    ['7-day', 'urgent'],
    ['30-day', 'warning'],
    ['secret-rejected', 'urgent'],
    ['rotation-failed', 'urgent'],
    ['resolved', 'good'],
    ['rotation-requested', 'good'],
    ['undetermined', 'warning'],
    [undefined, 'warning'],
  ])('%s → %s', (severity, urgency) => {
    expect(urgencyOf(severity)).toBe(urgency);
  });
});
