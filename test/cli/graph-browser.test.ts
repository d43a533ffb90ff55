/**
 * The HTML graph renders in a real headless browser: Chromium (Debian's `chromium` package; CI installs it) takes a
 * screenshot, which must show drawn nodes in the workspaces' colours, and the DOM it rendered names every node.
 * Outside CI, without a Chromium on the machine, the test is skipped.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { declareMultitenant } from '../../examples/multitenant/mesh';
import { IstioDelegation, MeshTarget } from '../../src';
import { analyze } from '../../src/cli/analyze/analyze';
import { meshGraph } from '../../src/cli/graph/graph';
import { parseObjects } from '../../src/cli/input/documents';
import { toHtml } from '../../src/targets/graph/html';
import { decodePng } from '../support/png';

const BROWSERS = [process.env.CHROME_PATH, 'chromium', 'chromium-browser', 'google-chrome'].filter((b): b is string => !!b);
const browser = BROWSERS.find(b => spawnSync(b, ['--version'], { encoding: 'utf-8' }).status === 0);
const maybe = browser || process.env.CI ? test : test.skip;

maybe('the S1 graph page renders: a non-empty screenshot in the workspaces\' colours, and every node label in the DOM', () => {
  expect(browser).toBeDefined();
  const app = Testing.app();
  declareMultitenant(app, { mesh: { target: MeshTarget.ISTIO, istioDelegation: IstioDelegation.NATIVE } });
  const graph = meshGraph(analyze(parseObjects(app.synthYaml(), 'out.yaml')).proxies);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-graph-'));
  const page = path.join(dir, 'graph.html');
  fs.writeFileSync(page, toHtml(graph, 'S1'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'profile')}`];
  const shot = path.join(dir, 'graph.png');
  const screenshot = spawnSync(browser!, [...flags, '--window-size=1700,600', `--screenshot=${shot}`, `file://${page}`], { encoding: 'utf-8', timeout: 60_000 });
  expect(fs.existsSync(shot)).toBe(true);
  const image = decodePng(fs.readFileSync(shot));
  const colours = new Set<string>();
  let ink = 0;
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b] = image.rgba.subarray(i * 4, i * 4 + 3);
    colours.add([r, g, b].map(c => Math.floor(c / 8)).join(','));
    if (r + g + b < 600) ink++;
  }
  expect(`${screenshot.status} ${image.width}x${image.height}`).toBe('0 1700x600');
  expect(ink / (image.width * image.height)).toBeGreaterThan(0.01);
  expect(colours.size).toBeGreaterThan(5);
  const dom = spawnSync(browser!, [...flags, '--dump-dom', `file://${page}`], { encoding: 'utf-8', timeout: 60_000 }).stdout;
  // Each node as the browser rendered it: its full label, and the text drawn (the label, or its start and "…").
  const nodes = [...dom.matchAll(/<g class="node[^"]*"[^>]* data-label="([^"]*)"[^>]*>[\s\S]*?<text class="label"[^>]*>([^<]*)<\/text>/g)]
    .map(m => [m[1], m[2]].map(t => t.replace(/&amp;/g, '&')));
  expect(nodes.map(([label]) => label).sort()).toEqual(graph.nodes.map(n => n.label).sort());
  for (const [label, drawn] of nodes) expect(label.startsWith(drawn.replace(/…$/, ''))).toBe(true);
  fs.rmSync(dir, { recursive: true, force: true });
});
