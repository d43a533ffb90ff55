/** Each pass declares the rules it reports: every finding of every rule case comes from a pass that lists its rule. */
import { normalize, PASSES } from '../../src/compiler/compile';
import { CompileContext } from '../../src/compiler/context';
import { Diagnostics, Rules } from '../../src/compiler/diagnostics/catalogue';
import { MeshModel } from '../../src/model';
import { fixture, RULES } from '../support/rule-cases';

/** The model a mesh compiles (what its constructs declare). */
const modelOf = (mesh: unknown): MeshModel => (mesh as { declaration(): { model: MeshModel } }).declaration().model;

/** Runs the passes one by one, naming the pass each finding came from; stops where a pass cannot go on. */
function findingsByPass(model: MeshModel): Array<{ pass: string; code: string }> {
  const ctx = new CompileContext(normalize(model), new Diagnostics());
  const found: Array<{ pass: string; code: string }> = [];
  let seen = new Set<string>();
  for (const pass of PASSES) {
    pass.run(ctx);
    const now = ctx.diagnostics.sorted();
    const key = (d: typeof now[number]) => `${d.code}|${d.path}|${d.message}`;
    for (const d of now.filter(x => !seen.has(key(x)))) found.push({ pass: pass.name, code: d.code });
    seen = new Set(now.map(key));
  }
  return found;
}

describe('pass rules', () => {
  test.each(RULES)('$code: every finding comes from a pass listing its rule', ({ bad, good, options }) => {
    for (const declare of [bad, good ?? (() => undefined)]) {
      const f = fixture(options);
      declare(f);
      for (const { pass, code } of findingsByPass(modelOf(f.mesh))) {
        const listed = PASSES.find(p => p.name === pass)!.rules.map(r => r.code);
        expect(`${pass}: ${code} ${listed.includes(code) ? 'listed' : 'not listed'}`).toBe(`${pass}: ${code} listed`);
      }
    }
  });

  test('every rule of the catalogue is listed by a pass, but those the targets and the output raise', () => {
    const listed = new Set(PASSES.flatMap(p => p.rules.map(r => r.code)));
    const emitted = ['MESH032', 'MESH601', 'MESH602', 'MESH603', 'MESH604', 'MESH605', 'MESH606', 'MESH607'];
    const all = Object.values(Rules).map(r => r.code);
    expect(all.filter(c => !listed.has(c)).sort()).toEqual(emitted);
  });
});
