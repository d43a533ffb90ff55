import { parseAllDocuments } from 'yaml';
import { EXAMPLES, synthesizeExample } from './support/example-apps';
import { expectSchemaValid } from './support/schema-gate';

/** Every emitted object of an example, by file. */
function synthesize(name: string): Map<string, any[]> {
  const files = new Map<string, any[]>();
  for (const [f, text] of synthesizeExample(name)) files.set(f, parseAllDocuments(text).map(d => d.toJS()));
  return files;
}
const examples = EXAMPLES;

describe('examples', () => {
  test('there are examples to synthesize', () => {
    expect(examples).toEqual(expect.arrayContaining(['multitenant', 'gateway-per-workspace', 'team-gateways']));
  });

  test.each(examples)('examples/%s synthesizes, and every emitted object passes the schema gate', name => {
    const files = synthesize(name);
    expect(files.size).toBeGreaterThan(0);
    for (const objects of files.values()) {
      expect(objects.length).toBeGreaterThan(0);
      // The library's objects; core v1 and apps/v1 objects (the teams' own Services and Deployments) are not CRD-backed.
      expectSchemaValid(objects.filter(o => o.apiVersion !== 'v1' && o.apiVersion !== 'apps/v1'));
    }
  });

  test('examples/gateway-per-workspace writes S2 in both flavours; examples/team-gateways writes S5 with the teams\' Services', () => {
    expect([...synthesize('gateway-per-workspace').keys()]).toEqual(['gateway-api', 'istio'].map(f => `${f}/default.k8s.yaml`));
    const s5 = synthesize('team-gateways');
    expect([...s5.keys()]).toEqual(['default.k8s.yaml', 'vamp-test1.k8s.yaml', 'vamp-test2.k8s.yaml']);
    expect(s5.get('default.k8s.yaml')!.map(o => o.kind)).toContain('ServiceEntry');
  });

  test('examples/multitenant writes the three flavours of S1', () => {
    expect([...synthesize('multitenant').keys()]).toEqual(['gateway-api', 'istio', 'istio-delegate'].map(f => `${f}/default.k8s.yaml`).sort());
  });
});
