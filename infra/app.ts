import { createApp } from './main.ts';

// Entry point of `cdk synth|diff|deploy` (cdk.json). The CLI runs it with its context and output dir in
// the environment; App synthesizes on exit.
createApp();
