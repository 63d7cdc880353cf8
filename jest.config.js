/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The test files of a worker run one after the other in one Node process, which loads the hub's
  // ~2,000 modules and builds its schema once, not once per file (README, "Tests"). So a test file
  // must not leave global state behind: environment variables, module-level settings, listeners.
  runner: 'jest-light-runner/child-process',
  // Test files are compiled as Node loads them (test/support/compile-typescript.js, a setup file);
  // this transform compiles only globalSetup and globalTeardown, which jest itself loads.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/compile-typescript.js'],
  // Names this run's databases and prunes templates of older sources (test/support/template-database.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
