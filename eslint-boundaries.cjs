// Import boundaries between the project's folders, enforced by `npm run lint`.
// docs/architecture.md explains the layers; test/lint/boundaries.test.ts proves each rule fails
// on an import that crosses it. A module specifier is matched as written, so relative paths are
// matched by the folder names they pass through.

const FEATURES = ['monitor', 'rotation', 'live-check', 'notifications', 'webhooks'];

/** A pattern matching a relative import that passes through one of the named folders. */
function through(folders, message) {
  return { regex: `(^|/)(${folders.join('|')})(/|$)`, message };
}

const SDK = {
  group: ['@aws-sdk/*'],
  message: 'The AWS SDK is used only in lambda/adapters/aws, lambda/runtime, entry points and cli/.',
};
const AXIOS = { group: ['axios', 'axios/*'], message: 'axios is used only in lambda/adapters/http.' };
const POWERTOOLS = {
  group: ['@aws-lambda-powertools/*'],
  message: 'Powertools belongs to lambda/runtime and entry points; the domain logs through the LogPort.',
};
const CDK = {
  group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
  message: 'The CDK belongs to lib/ and bin/, never to runtime code.',
};

/** One flat-config block restricting the imports of `files`. */
function restrict(files, patterns, ignores) {
  return {
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

const boundaries = [
  restrict(
    ['contract/**/*.ts'],
    [
      {
        regex: '^\\.\\./',
        message: 'contract/ imports nothing outside contract/: lib/ and lambda/ both import it.',
      },
      SDK,
      AXIOS,
      POWERTOOLS,
      CDK,
    ],
  ),
  restrict(
    ['lib/**/*.ts', 'bin/**/*.ts'],
    [
      through(['lambda'], 'lib/ imports nothing under lambda/: shared names live in contract/.'),
      SDK,
      AXIOS,
      POWERTOOLS,
    ],
  ),
  restrict(
    ['lambda/domain/**/*.ts'],
    [
      through(
        ['adapters', 'ports', 'runtime', ...FEATURES],
        'lambda/domain/ is pure: it imports only contract/ and lambda/domain/.',
      ),
      SDK,
      AXIOS,
      POWERTOOLS,
      CDK,
    ],
  ),
  restrict(
    ['lambda/ports/**/*.ts'],
    [
      through(
        ['adapters', 'runtime', ...FEATURES],
        'lambda/ports/ declares interfaces over domain types; it imports no adapter or feature.',
      ),
      SDK,
      AXIOS,
      POWERTOOLS,
      CDK,
    ],
  ),
  restrict(
    ['lambda/adapters/aws/**/*.ts'],
    [
      through(
        ['http', 'runtime', ...FEATURES],
        'An AWS adapter imports only ports, domain, contract and the SDK.',
      ),
      AXIOS,
      CDK,
    ],
  ),
  restrict(
    ['lambda/adapters/http/**/*.ts'],
    [
      through(
        ['aws', 'runtime', ...FEATURES],
        'An HTTP adapter imports only ports, domain, contract and axios.',
      ),
      SDK,
      CDK,
    ],
  ),
  restrict(
    ['lambda/runtime/**/*.ts'],
    [through(FEATURES, 'lambda/runtime/ wires adapters; it imports no feature.'), CDK],
  ),
  // Each feature: no sibling feature; below its entry point (index.ts) no SDK, no axios and no adapter.
  ...FEATURES.map((feature) =>
    restrict(
      [`lambda/${feature}/**/*.ts`],
      [
        through(
          FEATURES.filter((other) => other !== feature),
          `lambda/${feature}/ imports no sibling feature: move what both need to lambda/domain or lambda/ports.`,
        ),
        through(['adapters'], `Only lambda/${feature}/index.ts builds adapters; the rest takes ports.`),
        SDK,
        AXIOS,
        CDK,
      ],
      [`lambda/${feature}/index.ts`],
    ),
  ),
  ...FEATURES.map((feature) =>
    restrict(
      [`lambda/${feature}/index.ts`],
      [
        through(
          FEATURES.filter((other) => other !== feature),
          `lambda/${feature}/ imports no sibling feature: move what both need to lambda/domain or lambda/ports.`,
        ),
        AXIOS,
        CDK,
      ],
    ),
  ),
];

module.exports = { boundaries, FEATURES };
