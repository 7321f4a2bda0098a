#!/usr/bin/env node
/** The `cdk` entry point (see cdk.json): `npx cdk synth`, `npx cdk deploy WardenCentral`. */
import { buildApp } from '../app';

buildApp().app.synth();
