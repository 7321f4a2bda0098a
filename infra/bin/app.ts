#!/usr/bin/env node
/**
 * The `cdk` entry point (see cdk.json): `npx cdk synth`, `npx cdk deploy WardenCentral`,
 * `npx cdk deploy WardenMember`. cdk-nag runs on every synthesis: an unacknowledged finding fails it.
 */
import { buildApp } from '../app';

buildApp({ nag: true }).app.synth();
