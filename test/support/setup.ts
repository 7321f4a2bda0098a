import { afterAll } from 'vitest';
// aws-local-stepfunctions needs Promise.withResolvers (Node >= 22); the same polyfill the CLI installs.
import '../../local/polyfills';
import { removeTestOutdirs } from './synthesis';

// The cloud assemblies this test file synthesized (test/support/synthesis.ts).
afterAll(removeTestOutdirs);
