/**
 * S1 as cdk8s apps, one per output flavour: `npm run synth` writes dist/multitenant/<flavour>/<cluster>.k8s.yaml.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { declareMultitenant } from './mesh';
import { IstioDelegation, MeshTarget } from '../../src';

const outdir = process.env.CDK8S_OUTDIR ?? path.join('dist', 'multitenant');
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
