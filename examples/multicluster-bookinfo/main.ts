/**
 * S3 as a cdk8s app: `npx cdk8s synth` in this folder writes dist/<cluster>/ (one file per object), and `npm run synth`
 * at the project root the same files to dist/multicluster-bookinfo/<cluster>/.
 */
import { App, YamlOutputType } from 'cdk8s';
import { declareMulticlusterBookinfo } from './mesh';

const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist', yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
declareMulticlusterBookinfo(app);
app.synth();
