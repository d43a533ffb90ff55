/** S1 as a cdk8s app: `npm run synth` writes dist/multitenant/istio/<cluster>.k8s.yaml. */
import * as path from 'path';
import { App } from 'cdk8s';
import { declareMultitenant } from './mesh';

const outdir = process.env.CDK8S_OUTDIR ?? path.join('dist', 'multitenant');
const app = new App({ outdir: path.join(outdir, 'istio') });
declareMultitenant(app);
app.synth();
