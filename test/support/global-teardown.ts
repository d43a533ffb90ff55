/** Jest global teardown: removes the run's temporary folder (see global-setup.ts). */
import * as fs from 'fs';

export default function teardown(): void {
  const dir = process.env.CDK8S_MESH_TEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
