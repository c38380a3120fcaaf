// Lint rules, including the import boundaries of ../STYLE: transport knows nothing of
// Gemini, the pipeline knows nothing of HTTP, only observability/ touches winston and
// prom-client, and only llm/gemini-* (and the emulator) import @google/genai.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noHttp = { group: ['express', 'express/*'], message: 'HTTP stays in protocol/ (STYLE 3.1).' };
const noSdk = { group: ['@google/genai'], message: 'Only llm/gemini-*.ts imports the SDK (STYLE 3.5).' };
const noTelemetryLibs = {
  group: ['winston', 'prom-client'],
  message: 'Depend on the Logger / metrics interfaces from observability/ (STYLE 3.6).',
};
const noUpwardFromProtocol = { group: ['**/main.js', '**/app.js'], message: 'Imports flow one way (STYLE 2).' };
const noPipelineOrProtocol = {
  group: ['**/protocol/*', '**/dataplane/*', '**/pipeline/*', '../protocol/**', '../dataplane/**', '../pipeline/**'],
  message: 'llm/ sits at the bottom of the import flow (STYLE 2).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', performance: 'readonly', Headers: 'readonly', Response: 'readonly', Request: 'readonly' } },
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
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Only main.ts reads process.env (STYLE 3.4).' },
        { selector: "CallExpression[callee.object.name='process'][callee.property.name=/^(on|once|exit)$/]", message: 'Only main.ts handles process events (STYLE 3.7).' },
      ],
    },
  },
  {
    files: ['predictor/pipeline/**/*.ts', 'predictor/dataplane/**/*.ts', 'predictor/security/**/*.ts', 'predictor/config/**/*.ts', 'predictor/jobs/**/*.ts', 'predictor/evaluation/**/*.ts', 'predictor/feedback/**/*.ts', 'predictor/errors.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noHttp, noSdk, noTelemetryLibs] }] },
  },
  {
    files: ['predictor/llm/**/*.ts'],
    ignores: ['predictor/llm/gemini-*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noHttp, noSdk, noTelemetryLibs, noPipelineOrProtocol] }] },
  },
  {
    files: ['predictor/llm/gemini-*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noHttp, noTelemetryLibs, noPipelineOrProtocol] }] },
  },
  {
    files: ['predictor/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSdk, noTelemetryLibs, noUpwardFromProtocol] }] },
  },
);
