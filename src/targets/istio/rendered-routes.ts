/**
 * Flattened routes rendered once per match sets and action: a child subtree flattened for several root tables or
 * gateways shares them (see compiler/subtrees.ts), so its routes are rendered once, and each place takes a copy named
 * after its own route — with the exact size of its JSON, for the size budget.
 */
import { renderHttpRoutes } from './http-routes';
import { EffectiveMatch } from '../../compiler/algebra/match';
import { FlatRoute, TerminalAction } from '../../compiler/compiled';
import { VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import { finishedJson } from '../finished-json';
import { jsonBytes } from '../object-size';

/** The name rendered routes are made with, replaced by each route's own. */
const NAME = '\u0000';
/** The bytes of NAME in JSON (`"\u0000"`). */
const NAME_BYTES = 8;

/** Renderings by match sets, then action (a compiled mesh, and so its cluster domain, never changes). */
const templates = new WeakMap<readonly EffectiveMatch[], WeakMap<TerminalAction, VirtualServiceSpecHttp[]>>();
/** The JSON size of each template's routes. */
const sizes = new WeakMap<VirtualServiceSpecHttp[], number>();

/** HTTP routes and the bytes of their JSON (see jsonBytes), a separator after each. */
export interface SizedHttp {
  readonly http: VirtualServiceSpecHttp[];
  readonly bytes: number;
}

/**
 * The Istio HTTP routes of a flattened route's matches and action, named `\u0000` (and `\u0000.2`… where a prefix
 * rewrite needs several): shared by every route with those matches and action, and never to be changed.
 */
export function httpTemplate(route: FlatRoute, clusterDomain: string): readonly VirtualServiceSpecHttp[] {
  let byAction = templates.get(route.matches);
  if (!byAction) templates.set(route.matches, byAction = new WeakMap());
  let template = byAction.get(route.action);
  if (!template) {
    template = finishedJson(renderHttpRoutes({ ...route, name: NAME }, clusterDomain));
    sizes.set(template, template.reduce((sum, h) => sum + jsonBytes(h) + 1, 0));
    byAction.set(route.action, template);
  }
  return template;
}

/** The Istio HTTP routes of a flattened route (see renderHttpRoutes), from the rendering of its matches and action. */
export function renderedHttpRoutes(route: FlatRoute, clusterDomain: string): SizedHttp {
  const template = httpTemplate(route, clusterDomain);
  const http = template.length === 1 ? [{ ...template[0], name: route.name }] : template.map(h => ({ ...h, name: h.name!.replace(NAME, () => route.name) }));
  return { http, bytes: sizes.get(template as VirtualServiceSpecHttp[])! + template.length * (stringBytes(route.name) - NAME_BYTES) };
}

/** Bytes of a string in JSON (see jsonBytes), counted directly for printable ASCII without quotes or escapes. */
function stringBytes(s: string): number {
  return /[^\x20-\x7e]|["\\<>&]/.test(s) ? jsonBytes(s) : s.length + 2;
}
