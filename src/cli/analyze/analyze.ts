/**
 * `cdk8s-mesh analyze`: existing Istio and Gateway API YAML read as istiod reads it, and checked with the compiler's
 * rules where they apply (the same codes), plus the problems only existing YAML can have.
 */
import { checkBindings } from './binding-checks';
import { checkVirtualHost } from './virtual-host-checks';
import { MeshConfig } from '../config/model';
import { readConfig, ReadOptions } from '../config/read';
import { Finding, Findings } from '../findings/finding';
import { SourceObject } from '../input/documents';
import { ProxyCfg, proxiesOf } from '../routing/proxies';

/** What an analysis found, and the configuration and proxies it read. */
export interface Analysis {
  readonly config: MeshConfig;
  readonly proxies: readonly ProxyCfg[];
  /** Sorted: errors first, then by file, line and column. */
  readonly findings: readonly Finding[];
}

/** Analyzes the objects read. */
export function analyze(objects: readonly SourceObject[], options: ReadOptions = {}): Analysis {
  const findings = new Findings();
  const config = readConfig(objects, findings, options);
  const proxies = proxiesOf(config);
  for (const proxy of proxies) {
    for (const [, configs] of proxy.ports) for (const c of configs) for (const vhost of c.virtualHosts.values()) checkVirtualHost(vhost, findings);
  }
  checkBindings(config, findings);
  return { config, proxies, findings: findings.sorted() };
}
