#!/usr/bin/env node
// `npx warden …` / `npm start`: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';

// A local run talks to the embedded DynamoDB only; the SDK's Node 20 end-of-support notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { processIo, runCli } = await import('./main.ts');
process.exitCode = await runCli(process.argv.slice(2), processIo());
