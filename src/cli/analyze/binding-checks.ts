/**
 * Checks of how Istio VirtualServices bind to gateways and to the mesh: a gateway that is not in the input (IST0101),
 * hosts no server of the gateway serves for the VirtualService's namespace (IST0132), an exportTo hiding the
 * VirtualService from the gateway's proxies, and two mesh VirtualServices for one host in overlapping scopes (IST0109).
 */
import { cmp } from '../../compiler/algebra/order';
import { GatewayCfg, MeshConfig, VirtualServiceCfg } from '../config/model';
import { Findings, locateOrigin, objectName } from '../findings/finding';
import { AnalyzerRules } from '../findings/rules';
import { intersection, namesForNamespace, visibility } from '../routing/virtual-hosts';

const at = (vs: VirtualServiceCfg, ...field: Array<string | number>) => ({ object: vs.object, field: ['spec', ...field] });

function checkGateway(vs: VirtualServiceCfg, name: string, gateway: GatewayCfg | undefined, config: MeshConfig, findings: Findings): void {
  const raw: string[] = (vs.object.body.spec?.gateways ?? []).map(String);
  const index = Math.max(0, vs.gateways.indexOf(name));
  const subject = objectName({ object: vs.object, field: [] });
  if (!gateway) {
    const written = raw[index] && raw[index] !== name ? ` ("${raw[index]}")` : '';
    findings.report(AnalyzerRules.UnresolvedReference, at(vs, 'gateways', index), { subject, target: `Gateway ${name}${written}` });
    return;
  }
  const serverHosts = gateway.servers.flatMap(s => s.hosts);
  const served = vs.hosts.filter(h => gateway.servers.some(s => intersection(namesForNamespace(s.hosts, vs.namespace), [h]).length > 0));
  for (const host of vs.hosts.filter(h => !served.includes(h))) {
    findings.report(AnalyzerRules.NoListenerForHost, at(vs, 'hosts', vs.hosts.indexOf(host)), { subject, host, gateway: name, serverHosts },
      [locateOrigin({ object: gateway.object, field: ['spec', 'servers'] }, 'the gateway\'s servers')]);
  }
  const namespaces = config.proxyNamespaces.get(gateway.key) ?? [gateway.object.namespace];
  if (served.length > 0 && visibility(vs, namespaces) === undefined) {
    findings.report(AnalyzerRules.HiddenFromGateway, at(vs, 'exportTo'), { subject, gateway: name, namespaces, exportTo: vs.exportTo ?? ['*'] });
  }
}

/** The namespaces an exportTo admits (`*` for all). */
function scope(vs: VirtualServiceCfg): string[] {
  const to = vs.exportTo ?? ['*'];
  return to.includes('*') ? ['*'] : to.map(e => (e === '.' ? vs.namespace : e));
}

const overlapping = (a: string[], b: string[]) => a.includes('*') || b.includes('*') || a.some(n => b.includes(n));

function checkMeshHosts(config: MeshConfig, findings: Findings): void {
  const meshBound = config.virtualServices.filter(vs => !vs.gatewayApi && vs.gateways.includes('mesh'))
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.key, b.key));
  const seen: VirtualServiceCfg[] = [];
  for (const vs of meshBound) {
    for (const [i, host] of vs.hosts.entries()) {
      const other = seen.find(o => o.hosts.some(h => h.toLowerCase() === host.toLowerCase()) && overlapping(scope(o), scope(vs)));
      if (!other) continue;
      findings.report(AnalyzerRules.DuplicateMeshHost, at(vs, 'hosts', i), {
        subject: objectName({ object: vs.object, field: [] }), other: objectName({ object: other.object, field: [] }), host,
      }, [locateOrigin(at(other, 'hosts'), 'the other VirtualService for the host')]);
    }
    seen.push(vs);
  }
}

/** Runs the binding checks. */
export function checkBindings(config: MeshConfig, findings: Findings): void {
  const gateways = new Map(config.gateways.filter(g => !g.gatewayApi).map(g => [g.key, g]));
  for (const vs of config.virtualServices.filter(v => !v.gatewayApi)) {
    for (const name of vs.gateways.filter(g => g !== 'mesh')) checkGateway(vs, name, gateways.get(name), config, findings);
  }
  checkMeshHosts(config, findings);
}
