// The AWS SDK warns, once per module registry (so once per test file that builds a client), that
// its releases after the first week of January 2027 need Node 22. The lockfile pins the versions
// the tests run and README.md says it once; the test workers and their children inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's runtime plus a V8 code cache: each test file still runs every module afresh, but
  // compiles none of them twice (see the file).
  runtime: '<rootDir>/test/support/cached-runtime.js',
  // One worker per core (jest's default leaves one idle): the suite is CPU-bound.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only; `npm run typecheck` (tsc --noEmit) does the type checking once for all files.
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // aws-sdk-client-mock-jest's matchers are imported by the files that use them, not loaded into all.
  setupFilesAfterEnv: ['<rootDir>/test/support/cdk-autoclean.ts', '<rootDir>/test/support/nock-per-file.ts'],
};
