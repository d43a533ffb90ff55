/**
 * Fault injection and east–west routing as a cdk8s app: `npx cdk8s synth` in this folder writes dist/ (the mesh in
 * default.k8s.yaml, the Services and Deployments in bookinfo.k8s.yaml), and `npm run synth` at the project root the
 * same files to dist/fault-injection/.
 */
import { App } from 'cdk8s';
import { declareFaultInjection } from './mesh';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });
declareFaultInjection(app);
app.synth();
