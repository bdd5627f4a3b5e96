/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // One worker per core (jest's default leaves one idle): the suite is CPU-bound.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only; `npm run typecheck` (tsc --noEmit) does the type checking once for all files.
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // aws-sdk-client-mock-jest's matchers are imported by the files that use them, not loaded into all.
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean', '<rootDir>/test/support/nock-per-file.ts'],
};
