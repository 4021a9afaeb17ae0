// ESLint: typescript-eslint's type-checked rules over every TypeScript file (Node and renderer tsconfigs), React hooks rules.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.cache/**',
      'test-results/**',
      'bench-results/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Every API method is async by contract (it returns a Promise of a Result), with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      // Props and ports declare callbacks in method syntax; none of them uses `this`, so passing them around is safe.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Electron's imports stay in the glue (main/index.ts, main/ipc.ts, main/platform/, preload/index.ts).
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only the Electron glue imports electron.' }] }],
    },
  },
  {
    files: ['main/index.ts', 'main/ipc.ts', 'main/platform/**', 'preload/index.ts', 'test/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests read JSON answers, raw frames and foreign objects loosely; the product code keeps the full rules.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Advice for the React Compiler, which Shoebox does not use (the state set after an await is not synchronous).
      'react-hooks/incompatible-library': 'off',
      'react-hooks/set-state-in-effect': 'off',
    },
  },
);
