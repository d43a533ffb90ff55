/** The README's command-line transcripts are what the commands print today, with the exit codes they return. */
import * as fs from 'fs';
import * as path from 'path';
import { cli } from './cli-harness';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
const section = README.slice(README.indexOf('## Command line'), README.indexOf('\n## ', README.indexOf('## Command line') + 1));

/** Each ```console block: the command after `$ npx cdk8s-mesh` and the output below it. */
const transcripts = [...section.matchAll(/```console\n\$ npx cdk8s-mesh (.*)\n([\s\S]*?)```/g)].map(m => ({ args: m[1].split(' '), output: m[2] }));

describe('README transcripts', () => {
  test('the Command line section shows one transcript per command', () => {
    expect(transcripts.map(t => t.args[0])).toEqual(['analyze', 'explain', 'diff', 'graph']);
  });

  test.each(transcripts.map(t => [t.args.join(' '), t] as const))('cdk8s-mesh %s', (_, t) => {
    const r = cli(t.args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(t.output);
    expect(r.code).toBe(t.args[0] === 'graph' ? 0 : 1);
  });
});
