/**
 * S4 as cdk8s apps, one per output flavour: `npx cdk8s synth` in this folder writes dist/<flavour>/, and `npm run synth`
 * at the project root the same files to dist/virtual-destination-gateway-api/<flavour>/.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { declareVirtualDestinationGateway } from './mesh';
import { MeshTarget } from 'cdk8s-mesh';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
for (const [folder, target] of [['gateway-api', MeshTarget.GATEWAY_API], ['istio', MeshTarget.ISTIO]] as const) {
  const app = new App({ outdir: path.join(outdir, folder) });
  declareVirtualDestinationGateway(app, { mesh: { target } });
  app.synth();
}
