import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import collectionOwner from './eslint-rules/collection-owner.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'ui/dist', 'data', 'test-output', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' }, // chai's expect(x).to.exist
  },
  {
    // Execution semantics are pure functions (state, command) → (state, effects): no I/O, no clock, no
    // randomness, so a transition retried after a version conflict produces the same effects. The one
    // exception is the FEEL sandbox (a worker thread that bounds an expression's time). The element
    // modules (engine/elements: classify, compile, execute) belong to the same core.
    files: [
      'engine/runtime/**/*.ts',
      'engine/elements/**/*.ts',
      'engine/sla/plan.ts',
      'engine/sla/listing.ts',
      'engine/sla/delist.ts',
      // the DMN evaluator (decision tables are evaluated inside steps)
      'engine/dmn/evaluate.ts',
      'engine/dmn/result-mapping.ts',
      'engine/dmn/types.ts',
    ],
    ignores: ['engine/runtime/feel-sandbox.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'worker_threads'],
              message: 'execution semantics do no I/O',
            },
            {
              group: ['ioredis', 'bullmq', 'mongoose', 'express', 'pino', 'pg', 'kysely', 'better-sqlite3'],
              message: 'execution semantics do no I/O',
            },
            {
              group: ['bpmn-moddle', '**/model/parse.js'],
              message: 'semantics run compiled definitions, never BPMN XML',
            },
            {
              group: [
                '**/store/**',
                '**/queue/**',
                '**/api/**',
                '**/engine.js',
                '**/clock.js',
                '**/logger.js',
              ],
              message: 'semantics get state and context, not the edges',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'use tx.now (the injected clock)' },
        { object: 'Math', property: 'random', message: 'ids come from the instance seq counter' },
        { object: 'performance', property: 'now', message: 'use tx.now (the injected clock)' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'use tx.now (the injected clock)',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'timers are effects' },
        { name: 'setInterval', message: 'timers are effects' },
        { name: 'setImmediate', message: 'timers are effects' },
        { name: 'queueMicrotask', message: 'timers are effects' },
        { name: 'fetch', message: 'execution semantics do no I/O' },
        { name: 'process', message: 'configuration comes through the step context' },
        { name: 'crypto', message: 'ids come from the instance seq counter' },
      ],
    },
  },
  {
    // Routes call application services (engine.cases, engine.escalations, engine.supervision, engine.audit,
    // engine.accounts, ...), never the store: repositories are shaped by the domain, not by one store's
    // query language, and no route names a collection. Types from engine/store (Query) may still be named.
    files: ['engine/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store', '**/store/**'],
              allowTypeImports: true,
              message: "the API reaches the store through the engine's domain services",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='store']",
          message: "routes call the engine's domain services, never the store",
        },
        {
          selector:
            "CallExpression[callee.property.name='collection'], CallExpression[callee.name='collection']",
          message: 'no collection names in the API: add a method to a domain service',
        },
      ],
    },
  },
  {
    // Each collection is opened by its one owner repository (engine/store/collection-owners.json); the rest of
    // the engine calls the repository's methods. engine/store is the port itself; tests and benchmarks write
    // documents as stored on purpose.
    files: ['engine/**/*.ts', 'workers/**/*.ts', 'processes/**/*.ts'],
    ignores: ['engine/store/**'],
    plugins: { local: collectionOwner },
    rules: { 'local/collection-owner': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
