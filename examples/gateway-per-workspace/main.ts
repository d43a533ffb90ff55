/**
 * S2 as cdk8s apps, one per output flavour: `npm run synth` writes dist/gateway-per-workspace/<flavour>/<cluster>.k8s.yaml.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { declareGatewayPerWorkspace } from './mesh';
import { MeshTarget } from '../../src';

const outdir = process.env.CDK8S_OUTDIR ?? path.join('dist', 'gateway-per-workspace');
for (const [folder, target] of [['istio', MeshTarget.ISTIO], ['gateway-api', MeshTarget.GATEWAY_API]] as const) {
  const app = new App({ outdir: path.join(outdir, folder) });
  declareGatewayPerWorkspace(app, { mesh: { target } });
  app.synth();
}
