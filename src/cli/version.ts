/** The version of the installed package. */
import * as fs from 'fs';
import * as path from 'path';

/** `version` of the package's package.json (two folders up from src/cli/ or lib/cli/). */
export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
}
