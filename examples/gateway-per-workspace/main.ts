/**
 * S2 as cdk8s apps, one per output flavour: `npx cdk8s synth` in this folder writes dist/<flavour>/<cluster>.k8s.yaml,
 * and `npm run synth` at the project root the same files to dist/gateway-per-workspace/<flavour>/.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { declareGatewayPerWorkspace } from './mesh';
import { MeshTarget } from 'cdk8s-mesh';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
for (const [folder, target] of [['istio', MeshTarget.ISTIO], ['gateway-api', MeshTarget.GATEWAY_API]] as const) {
  const app = new App({ outdir: path.join(outdir, folder) });
  declareGatewayPerWorkspace(app, { mesh: { target } });
  app.synth();
}
