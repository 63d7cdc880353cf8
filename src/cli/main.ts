#!/usr/bin/env node
import 'reflect-metadata';
import { loadDotEnv } from '../config/config';
import { runCli } from './run';

loadDotEnv();

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
