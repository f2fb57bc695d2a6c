#!/usr/bin/env node
// The `weft` command. The CLI is TypeScript (it shares the engine's validator), run through
// tsx like the worker; registering tsx here keeps `npx weft` a plain node invocation.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
