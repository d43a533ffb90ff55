/**
 * S1 as cdk8s apps, one per output flavour: `npx cdk8s synth` in this folder writes dist/<flavour>/<cluster>.k8s.yaml,
 * and `npm run synth` at the project root the same files to dist/multitenant/<flavour>/.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { declareMultitenant } from './mesh';
import { IstioDelegation, MeshTarget } from 'cdk8s-mesh';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
const flavours = [
  { folder: 'istio', mesh: { target: MeshTarget.ISTIO } },
  { folder: 'istio-delegate', mesh: { target: MeshTarget.ISTIO, istioDelegation: IstioDelegation.NATIVE } },
  { folder: 'gateway-api', mesh: { target: MeshTarget.GATEWAY_API } },
];
for (const flavour of flavours) {
  const app = new App({ outdir: path.join(outdir, flavour.folder) });
  declareMultitenant(app, { mesh: flavour.mesh });
  app.synth();
}
