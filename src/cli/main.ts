#!/usr/bin/env node
/** Entry point of the `cdk8s-mesh` executable (package.json `bin`). */
import * as fs from 'fs';
import { run } from './run';

process.exitCode = run(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  stdin: () => fs.readFileSync(0, 'utf-8'),
});
