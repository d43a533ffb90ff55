/**
 * Istio's delegation merge of a root VirtualService with its delegates (one level), as istiod performs it: the root
 * route is replaced in place by the child's routes, matches merged; a conflicting or invisible delegate is dropped.
 */

/** Whether a delegate's exportTo lets the root's namespace see it. */
function exportedTo(child: any, childNs: string, rootNs: string): boolean {
  const to: string[] | undefined = child.spec.exportTo;
  return !to || to.includes('*') || to.includes(rootNs) || (to.includes('.') && childNs === rootNs);
}

/** The root's HTTP routes with each `delegate` route replaced by the delegate's routes. */
export function mergeDelegates(root: any, all: any[]): any[] {
  const out: any[] = [];
  for (const r of root.spec.http ?? []) {
    if (!r.delegate) {
      out.push(r);
      continue;
    }
    const ns = r.delegate.namespace ?? root.metadata.namespace;
    const child = all.find(o => o.kind === 'VirtualService' && o.metadata.name === r.delegate.name && o.metadata.namespace === ns
      && !(o.spec.hosts?.length));
    if (!child || !exportedTo(child, ns, root.metadata.namespace)) continue; // istiod drops the route silently
    for (const c of child.spec.http ?? []) {
      const merged = mergeMatches(r.match ?? [], c.match ?? []);
      if (merged === 'conflict') continue;
      out.push({ ...r, ...c, delegate: undefined, match: merged, name: [r.name, c.name].filter(Boolean).join('-') });
    }
  }
  return out;
}

function mergeMatches(rootMatches: any[], childMatches: any[]): any[] | 'conflict' {
  if (rootMatches.length === 0) return childMatches;
  if (childMatches.length === 0) return rootMatches;
  const out: any[] = [];
  for (const c of childMatches) {
    let ok = false;
    for (const r of rootMatches) {
      if (conflicts(r, c)) continue;
      ok = true;
      out.push({
        ...r,
        ...c,
        uri: c.uri ?? r.uri,
        method: c.method ?? r.method,
        headers: { ...r.headers, ...c.headers },
        queryParams: { ...r.queryParams, ...c.queryParams },
      });
    }
    if (!ok) return 'conflict';
  }
  return out;
}

function stringConflict(r: any, c: any): boolean {
  if (!r || !c) return false;
  if (r.regex !== undefined || c.regex !== undefined) return true;
  if (r.exact !== undefined) return c.prefix !== undefined || c.exact !== r.exact;
  if (r.prefix !== undefined) return !(c.prefix ?? c.exact).startsWith(r.prefix);
  return true;
}

function conflicts(r: any, c: any): boolean {
  if (stringConflict(r.uri, c.uri) || stringConflict(r.method, c.method)) return true;
  for (const k of Object.keys(c.headers ?? {})) if (stringConflict(r.headers?.[k], c.headers[k])) return true;
  for (const k of Object.keys(c.queryParams ?? {})) if (stringConflict(r.queryParams?.[k], c.queryParams[k])) return true;
  return false;
}
