// aws-local-stepfunctions needs Promise.withResolvers (Node >= 22); the same polyfill the CLI installs.
import '../../local/polyfills';
