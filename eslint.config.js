// Lint rules. The import boundaries: predictor/ is a one-way house (docs/architecture.md);
// a folder imports only the layers below its own, never a layer above or a sibling. Beside
// that, only observability/ touches prom-client (and any logging library), only llm/gemini-* (and the
// emulator) import @google/genai, and HTTP (express) stays in protocol/, app.ts and server.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of predictor/, top first. A file may import from any layer below its own;
 * importing its own layer's other members or any layer above is an error. Names are the
 * top-level folders and files of predictor/.
 */
const LAYERS = [
  ['main.ts'],
  ['composition'],
  ['app.ts', 'server.ts'],
  ['protocol'],
  ['jobs', 'feedback'],
  ['dataplane'],
  ['evaluation', 'emulator'],
  ['pipeline'],
  ['llm'],
  ['security'],
  ['observability'],
  ['config'],
  ['contract'],
  ['abort.ts'],
  ['errors.ts', 'create-ajv.ts', 'clock.ts', 'deep-freeze.ts'],
];

const noTools = { group: ['**/scripts/**', '**/test/**'], message: 'Serving code never imports the tools (scripts/) or the tests.' };

const importPatternOf = (name) => (name.endsWith('.ts') ? [`**/${name.replace(/\.ts$/, '.js')}`] : [`**/${name}/**`, `**/${name}`]);

/** What `name` may not import: every layer above it and its siblings. */
function upwardImportsOf(name) {
  const level = LAYERS.findIndex((layer) => layer.includes(name));
  const above = LAYERS.slice(0, level + 1)
    .flat()
    .filter((other) => other !== name);
  return {
    group: above.flatMap(importPatternOf),
    message: `Imports flow one way: ${name} may import only the layers below it (docs/architecture.md).`,
  };
}

const noHttp = { group: ['express', 'express/*'], message: 'HTTP stays in protocol/, app.ts and server.ts.' };
const noSdk = { group: ['@google/genai'], message: 'Only llm/gemini-*.ts (and the emulator) import the SDK.' };
const noTelemetryLibs = { group: ['winston', 'prom-client'], message: 'Depend on the Logger / metrics interfaces from observability/.' };

/** Library restrictions per folder, beside the layer rule. */
const LIBRARIES = {
  'main.ts': [],
  composition: [],
  'app.ts': [noSdk, noTelemetryLibs],
  'server.ts': [noSdk, noTelemetryLibs],
  protocol: [noSdk, noTelemetryLibs],
  jobs: [noHttp, noSdk, noTelemetryLibs],
  feedback: [noHttp, noSdk, noTelemetryLibs],
  dataplane: [noHttp, noSdk, noTelemetryLibs],
  evaluation: [noHttp, noSdk, noTelemetryLibs],
  emulator: [noHttp, noTelemetryLibs],
  pipeline: [noHttp, noSdk, noTelemetryLibs],
  llm: [noHttp, noSdk, noTelemetryLibs],
  security: [noHttp, noSdk, noTelemetryLibs],
  observability: [noHttp, noSdk],
  config: [noHttp, noSdk, noTelemetryLibs],
  contract: [noHttp, noSdk, noTelemetryLibs],
  'errors.ts': [noHttp, noSdk, noTelemetryLibs],
  'create-ajv.ts': [noHttp, noSdk, noTelemetryLibs],
  'abort.ts': [noHttp, noSdk, noTelemetryLibs],
  'clock.ts': [noHttp, noSdk, noTelemetryLibs],
  'deep-freeze.ts': [noHttp, noSdk, noTelemetryLibs],
};

const boundaries = Object.entries(LIBRARIES)
  .map(([name, libraries]) => ({
    name,
    patterns: [...libraries, noTools, upwardImportsOf(name)].filter((pattern) => pattern.group.length > 0),
  }))
  .filter(({ patterns }) => patterns.length > 0)
  .map(({ name, patterns }) => ({
    files: [name.endsWith('.ts') ? `predictor/${name}` : `predictor/${name}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: the ones that catch real mistakes (a promise nobody awaits, a
    // thenable check on a non-promise, a needless cast) over the same program tsc checks.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.check.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        Headers: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['predictor/**/*.ts'],
    ignores: ['predictor/main.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Only main.ts reads process.env.' },
        {
          selector: "CallExpression[callee.object.name='process'][callee.property.name=/^(on|once|exit)$/]",
          message: 'Only main.ts handles process events.',
        },
      ],
    },
  },
  ...boundaries,
  {
    // The Gemini adapter files are the SDK's one door.
    files: ['predictor/llm/gemini-*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noHttp, noTelemetryLibs, noTools, upwardImportsOf('llm')] }] },
  },
);
