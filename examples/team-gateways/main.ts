/**
 * S5 as a cdk8s app: `npx cdk8s synth` in this folder writes dist/ (the mesh in default.k8s.yaml, the teams' Services in
 * one file per namespace), and `npm run synth` at the project root the same files to dist/team-gateways/. Istio only:
 * subsets of one Service have no Gateway API equivalent (MESH601 says so).
 */
import { App } from 'cdk8s';
import { declareTeamGateways } from './mesh';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });
declareTeamGateways(app);
app.synth();
