import {
  MAX_WEBHOOK_TARGETS,
  WebhookConfigError,
  parseWebhookConfig,
  targetId,
} from '../../../lambda/domain/webhook-config';

const SLACK = 'https://hooks.slack.com/services/T000/B000/SENTINELslackpath';
const TEAMS = 'https://example.webhook.office.com/webhookb2/SENTINEL-teams';
const FLOW =
  'https://prod-00.westeurope.logic.azure.com/workflows/SENTINEL-flow/triggers/manual/paths/invoke?sig=SENTINEL';
const CHIME = 'https://hooks.chime.aws/incomingwebhooks/SENTINEL-chime?format=application/json';

describe('parseWebhookConfig: the webhook secret JSON', () => {
  it('reads every channel, a single URL or a list', () => {
    // WHEN a configuration with all four channels is parsed
    const config = parseWebhookConfig(
      JSON.stringify({ slack: [SLACK], teams: TEAMS, teamsWorkflows: [FLOW], chime: [CHIME] }),
    );

    // THEN each becomes a target with its host and a hash for logs
    expect(config.problems).toEqual([]);
    expect(config.targets.map((t) => [t.channel, t.host])).toEqual([
      ['slack', 'hooks.slack.com'],
      ['teams', 'example.webhook.office.com'],
      ['teamsWorkflows', 'prod-00.westeurope.logic.azure.com'],
      ['chime', 'hooks.chime.aws'],
    ]);
    expect(config.targets[3]?.url).toBe(CHIME);
    expect(config.targets[0]?.id).toBe(targetId(SLACK));
    expect(config.targets[0]?.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reports ignored entries by channel and position, never by URL', () => {
    // GIVEN an unknown channel, a plain http URL, a non-string, credentials in a URL and a duplicate
    const config = parseWebhookConfig(
      JSON.stringify({
        slack: [SLACK, 'http://hooks.slack.com/services/SENTINEL', 42, SLACK],
        teams: ['https://user:SENTINEL@example.com/x'],
        discord: ['https://discord.com/api/webhooks/SENTINEL'],
      }),
    );

    // THEN one target is kept and each problem is named without its URL
    expect(config.targets).toHaveLength(1);
    expect([...config.problems].sort()).toEqual(
      [
        'slack[1] is not an https URL; ignored',
        'slack[2] is not a string; ignored',
        'slack[3] repeats a URL already listed; ignored',
        'teams[0] carries user credentials, which are not supported; ignored',
        'unknown channel "discord" ignored; expected slack, teams, teamsWorkflows, chime',
      ].sort(),
    );
    expect(JSON.stringify(config.problems)).not.toContain('SENTINEL');
  });

  it(`keeps at most ${MAX_WEBHOOK_TARGETS} webhooks`, () => {
    const urls = Array.from(
      { length: MAX_WEBHOOK_TARGETS + 2 },
      (_, i) => `https://hooks.slack.com/services/${i}`,
    );
    const config = parseWebhookConfig(JSON.stringify({ slack: urls }));
    expect(config.targets).toHaveLength(MAX_WEBHOOK_TARGETS);
    expect(config.problems).toHaveLength(2);
  });

  it.each([
    [`{"slack": ["${SLACK}"`, /not JSON/],
    [`["${SLACK}"]`, /must be a JSON object/],
    ['null', /must be a JSON object/],
  ])('refuses a secret that is not a JSON object, without quoting it', (text, message) => {
    const parse = () => parseWebhookConfig(text);
    expect(parse).toThrow(WebhookConfigError);
    expect(parse).toThrow(message);
    try {
      parse();
    } catch (error: unknown) {
      expect(String(error)).not.toContain('SENTINEL');
    }
  });

  it('accepts an empty configuration', () => {
    expect(parseWebhookConfig('{}')).toEqual({ targets: [], problems: [] });
  });
});
