/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // iso-3166 is ESM-only. Node requires it natively; jest's module loader cannot (before Node
    // 24.9), so its files, and only its, are compiled to CommonJS like our own sources.
    '/node_modules/iso-3166/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!iso-3166/)'],
  setupFiles: ['reflect-metadata'],
  // Names this run's databases and prunes templates of older sources (test/support/template-database.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
