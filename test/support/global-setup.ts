/**
 * Jest global setup: the test processes write their temporary folders (cdk8s `Testing.app()` makes one per app) into
 * one folder of this run, which the global teardown removes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default function setup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-tests-'));
  process.env.CDK8S_MESH_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
