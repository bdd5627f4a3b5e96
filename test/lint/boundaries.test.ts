import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The boundary rules as `npm run lint` applies them (eslint.config.mjs spreads the same array).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { boundaries } = require('../../eslint-boundaries.cjs') as { boundaries: Linter.Config[] };

const root = path.resolve(__dirname, '../..');
const linter = new Linter({ cwd: root, configType: 'flat' });
const config: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  ...boundaries,
];

/** The boundary messages ESLint reports for one import line placed in `file`. */
function crossings(file: string, importLine: string): string[] {
  const messages = linter.verify(`${importLine}\nexport {};\n`, config, path.join(root, file));
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`could not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['lambda/domain/expiry.ts', "import { SNSClient } from '@aws-sdk/client-sns';", 'AWS SDK'],
    ['lambda/domain/expiry.ts', "import axios from 'axios';", 'axios'],
    [
      'lambda/domain/expiry.ts',
      "import { SecretsManagerCatalog } from '../adapters/aws/secret-catalog';",
      'pure',
    ],
    ['lambda/domain/expiry.ts', "import { runMonitor } from '../monitor/run-monitor';", 'pure'],
    ['lambda/domain/expiry.ts', "import { Logger } from '@aws-lambda-powertools/logger';", 'LogPort'],
    [
      'lambda/ports/log.ts',
      "import { DynamoAlertLedger } from '../adapters/aws/alert-ledger';",
      'interfaces',
    ],
    [
      'lambda/rotation/run-rotation.ts',
      "import { runMonitor } from '../monitor/run-monitor';",
      'sibling feature',
    ],
    ['lambda/monitor/run-monitor.ts', "import { x } from '../notifications/new-secret';", 'sibling feature'],
    ['lambda/monitor/run-monitor.ts', "import { SNSClient } from '@aws-sdk/client-sns';", 'AWS SDK'],
    [
      'lambda/monitor/run-monitor.ts',
      "import { SnsAlertPublisher } from '../adapters/aws/alert-publisher';",
      'index.ts',
    ],
    ['lambda/monitor/index.ts', "import { runRotation } from '../rotation/run-rotation';", 'sibling feature'],
    ['lambda/monitor/index.ts', "import axios from 'axios';", 'axios'],
    ['lambda/adapters/aws/alert-ledger.ts', "import axios from 'axios';", 'axios'],
    [
      'lambda/adapters/http/lwa-token-client.ts',
      "import { SNSClient } from '@aws-sdk/client-sns';",
      'AWS SDK',
    ],
    ['lambda/runtime/powertools.ts', "import { runMonitor } from '../monitor/run-monitor';", 'no feature'],
    ['lib/lwa-expiry-monitor.ts', "import { runMonitor } from '../lambda/monitor/run-monitor';", 'contract/'],
    ['bin/app.ts', "import { TAGS } from '../lambda/domain/expiry';", 'contract/'],
    ['contract/tags.ts', "import { x } from '../lambda/domain/expiry';", 'nothing outside contract/'],
    ['contract/tags.ts', "import { App } from 'aws-cdk-lib';", 'CDK'],
  ])('%s may not `%s`', (file, importLine, says) => {
    const found = crossings(file, importLine);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(says);
  });

  it.each([
    ['lambda/domain/expiry.ts', "import { MS_PER_DAY } from '../../contract/time';"],
    ['lambda/domain/expiry.ts', "import { parseIsoDate } from './iso-date';"],
    ['lambda/ports/alert-ledger.ts', "import type { LedgerEntry } from '../domain/ledger-entry';"],
    ['lambda/monitor/run-monitor.ts', "import type { SecretCatalog } from '../ports/secret-catalog';"],
    ['lambda/monitor/make-handler.ts', "import { createLogger } from '../runtime/powertools';"],
    ['lambda/monitor/index.ts', "import { SNSClient } from '@aws-sdk/client-sns';"],
    ['lambda/monitor/index.ts', "import { SnsAlertPublisher } from '../adapters/aws/alert-publisher';"],
    ['lambda/adapters/aws/alert-publisher.ts', "import { SNSClient } from '@aws-sdk/client-sns';"],
    ['lambda/adapters/http/credential-transport.ts', "import axios from 'axios';"],
    ['lib/lwa-expiry-monitor.ts', "import { TAGS } from '../contract/tags';"],
    ['contract/tags.ts', "import { MS_PER_DAY } from './time';"],
  ])('%s may `%s`', (file, importLine) => {
    expect(crossings(file, importLine)).toEqual([]);
  });
});
