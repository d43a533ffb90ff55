/**
 * S5 as a cdk8s app: `npm run synth` writes dist/team-gateways/ (the mesh in default.k8s.yaml, the teams' Services in
 * one file per namespace). Istio only: subsets of one Service have no Gateway API equivalent (MESH601 says so).
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { declareTeamGateways } from './mesh';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join('dist', 'team-gateways') });
declareTeamGateways(app);
app.synth();
