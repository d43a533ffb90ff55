/**
 * The schema gate: validates synthesized manifests against the upstream CRDs vendored in crds/ the way the API server
 * does with strict field validation — structural OpenAPI schema with unknown fields rejected, schema defaults applied,
 * list-map/set uniqueness, and every `x-kubernetes-validations` CEL rule evaluated with `self` bound to its node.
 */
import { Environment } from '@marcbachmann/cel-js';
import Ajv, { ValidateFunction } from 'ajv';
import { expectDeployable } from './deployability-gate';
import { CrdDocument, loadCrds } from '../../scripts/crds';

/** One reason an object would be rejected by the API server. */
export interface SchemaViolation {
  /** `Kind namespace/name` of the offending object. */
  readonly object: string;
  /** JSON path of the offending field, e.g. `spec.rules[0].matches[0].path.value`. */
  readonly path: string;
  /** What is wrong: the schema keyword or the CEL rule's message. */
  readonly message: string;
}

interface KindSchema {
  readonly validate: ValidateFunction;
  readonly schema: any;
}

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';
const LABEL_KEY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';

/** ObjectMeta as the API server checks it for the fields a manifest may carry. */
function metadataSchema(namespaced: boolean): any {
  return {
    type: 'object',
    additionalProperties: false,
    required: namespaced ? ['name', 'namespace'] : ['name'],
    properties: {
      name: { type: 'string', maxLength: 253, pattern: DNS_SUBDOMAIN },
      namespace: { type: 'string', maxLength: 63, pattern: DNS_LABEL },
      labels: {
        type: 'object',
        propertyNames: { maxLength: 317, pattern: LABEL_KEY },
        additionalProperties: { type: 'string', maxLength: 63, pattern: LABEL_VALUE },
      },
      annotations: { type: 'object', propertyNames: { pattern: LABEL_KEY }, additionalProperties: { type: 'string' } },
    },
  };
}

/** Converts a Kubernetes structural schema into JSON Schema for ajv, rejecting unknown fields like strict field validation. */
function toJsonSchema(s: any): any {
  if (s === null || typeof s !== 'object') return s;
  const out: any = {};
  for (const key of ['type', 'required', 'enum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems',
    'minimum', 'maximum', 'minProperties', 'maxProperties', 'multipleOf', 'uniqueItems', 'default']) {
    if (key in s) out[key] = s[key];
  }
  if (s.exclusiveMinimum === true) { out.exclusiveMinimum = s.minimum; delete out.minimum; }
  if (s.exclusiveMaximum === true) { out.exclusiveMaximum = s.maximum; delete out.maximum; }
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, toJsonSchema(v)]));
  }
  if (s.items) out.items = toJsonSchema(s.items);
  for (const key of ['oneOf', 'anyOf', 'allOf']) if (s[key]) out[key] = s[key].map(toJsonSchema);
  if (s.not) out.not = toJsonSchema(s.not);
  if (typeof s.additionalProperties === 'object') out.additionalProperties = toJsonSchema(s.additionalProperties);
  else if (typeof s.additionalProperties === 'boolean') out.additionalProperties = s.additionalProperties;
  else if (s.properties && !s['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [...(out.anyOf ?? []), { type: 'integer' }, { type: 'string' }];
  }
  if (s.nullable && out.type) out.type = [out.type, 'null'];
  return out;
}

/**
 * Converts JSON data into CEL values: integers as BigInt where the schema says integer. Lists and maps are rebuilt
 * in this realm (the evaluator does not accept arrays created by structuredClone in another one).
 */
function toCel(data: any, schema: any): any {
  if (Array.isArray(data)) {
    const list: any[] = [];
    for (const d of data) list.push(toCel(d, schema?.items));
    return list;
  }
  if (data !== null && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data).map(([k, v]) =>
      [k, toCel(v, schema?.properties?.[k] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined))]));
  }
  if (typeof data === 'number' && Number.isInteger(data) && schema?.type !== 'number') return BigInt(data);
  return data;
}

/**
 * Rewrites the two Kubernetes CEL spellings the evaluator reads differently: the escaped reserved word `__namespace__`
 * (read as `namespace`) and `has()` on an indexed node (read as an `in` test).
 */
function adaptRule(rule: string): string {
  return rule
    .replace(/__namespace__/g, 'namespace')
    .replace(/has\(([^()]*\[[^\]]*\])\.(\w+)\)/g, "('$2' in $1)");
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/** Validates synthesized manifests against the upstream CRD schemas, CEL rules included. */
export class SchemaGate {
  /** The gate over crds/ (or $CDK8S_MESH_CRDS), built once per test process. */
  public static default(): SchemaGate {
    SchemaGate.instance ??= new SchemaGate(loadCrds());
    return SchemaGate.instance;
  }

  private static instance?: SchemaGate;

  private readonly ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true, validateFormats: false });
  private readonly crds = new Map<string, { crd: CrdDocument; schema: any }>();
  private readonly compiled = new Map<string, KindSchema>();
  private readonly cel = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false } as any);
  private readonly programs = new Map<string, (ctx: any) => any>();

  constructor(crds: CrdDocument[]) {
    for (const crd of crds) {
      for (const version of crd.spec.versions) {
        if (!version.served || !version.schema) continue;
        this.crds.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { crd, schema: version.schema.openAPIV3Schema });
      }
    }
  }

  /** Every violation in the given manifests (plain JSON objects as synthesized); empty when all are valid. */
  public validate(objects: any[]): SchemaViolation[] {
    return objects.flatMap(o => this.validateObject(o));
  }

  /** Throws a readable error listing every violation. */
  public assertValid(objects: any[]): void {
    const violations = this.validate(objects);
    if (violations.length > 0) {
      throw new Error(`${violations.length} schema violation(s):\n` +
        violations.map(v => `  ${v.object} ${v.path}: ${v.message}`).join('\n'));
    }
  }

  private validateObject(object: any): SchemaViolation[] {
    const id = `${object?.kind} ${object?.metadata?.namespace ? object.metadata.namespace + '/' : ''}${object?.metadata?.name}`;
    const entry = this.crds.get(`${object?.apiVersion}/${object?.kind}`);
    if (!entry) return [{ object: id, path: '', message: `no served CRD for apiVersion ${object?.apiVersion} kind ${object?.kind}` }];
    const kind = this.kindSchema(`${object.apiVersion}/${object.kind}`, entry.crd, entry.schema);
    const data = structuredClone(object);
    const violations: SchemaViolation[] = [];
    if (!kind.validate(data)) {
      for (const e of kind.validate.errors ?? []) {
        const where = e.instancePath.replace(/^\//, '').split('/').filter(Boolean)
          .map(p => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
        const detail = e.keyword === 'additionalProperties' ? `unknown field "${e.params.additionalProperty}"` : e.message;
        violations.push({ object: id, path: where, message: detail ?? e.keyword });
      }
    }
    this.checkNode(entry.schema, data, '', id, violations);
    return violations;
  }

  private kindSchema(key: string, crd: CrdDocument, schema: any): KindSchema {
    let kind = this.compiled.get(key);
    if (!kind) {
      const json = toJsonSchema(schema);
      const [group, version] = key.split('/');
      json.properties = {
        ...json.properties,
        apiVersion: { type: 'string', const: `${group}/${version}` },
        kind: { type: 'string', const: crd.spec.names.kind },
        metadata: metadataSchema(crd.spec.scope === 'Namespaced'),
      };
      json.required = [...new Set([...(json.required ?? []), 'apiVersion', 'kind', 'metadata'])];
      kind = { validate: this.ajv.compile(json), schema };
      this.compiled.set(key, kind);
    }
    return kind;
  }

  /** Walks data and schema together: list-type uniqueness and CEL rules at every node that has them. */
  private checkNode(schema: any, data: any, path: string, id: string, out: SchemaViolation[]): void {
    if (schema === undefined || data === undefined || data === null) return;
    for (const v of schema['x-kubernetes-validations'] ?? []) {
      if (/\boldSelf\b/.test(v.rule)) continue; // transition rules: there is no old object on create
      let ok: unknown;
      try {
        ok = this.program(v.rule)({ self: toCel(data, schema) });
      } catch (e) {
        ok = `rule could not be evaluated (${(e as Error).message.split('\n')[0]})`;
      }
      if (ok !== true) {
        const where = v.fieldPath ? path + v.fieldPath : path;
        out.push({ object: id, path: where, message: `${v.message ?? `failed rule: ${v.rule}`}${typeof ok === 'string' ? ` — ${ok}` : ''}` });
      }
    }
    if (Array.isArray(data)) {
      const listType = schema['x-kubernetes-list-type'];
      if (listType === 'map' || listType === 'set') {
        const keys = schema['x-kubernetes-list-map-keys'] as string[] | undefined;
        const seen = new Map<string, number>();
        data.forEach((item, i) => {
          const k = JSON.stringify(listType === 'map' ? keys!.map(key => item?.[key]) : item);
          if (seen.has(k)) {
            const message = `duplicate entry ${k} (x-kubernetes-list-type: ${listType}, first at [${seen.get(k)}])`;
            out.push({ object: id, path: joinPath(path, i), message });
          } else {
            seen.set(k, i);
          }
        });
      }
      data.forEach((item, i) => this.checkNode(schema.items, item, joinPath(path, i), id, out));
    } else if (typeof data === 'object') {
      for (const [k, v] of Object.entries(data)) {
        const child = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        this.checkNode(child, v, joinPath(path, k), id, out);
      }
    }
  }

  private program(rule: string): (ctx: any) => any {
    let p = this.programs.get(rule);
    if (!p) {
      const adapted = adaptRule(rule);
      p = (ctx: any) => this.cel.evaluate(adapted, ctx);
      this.programs.set(rule, p);
    }
    return p;
  }
}

/**
 * Asserts that every synthesized object passes the schema gate (throws listing every violation) and what istiod and
 * Envoy check beyond the schemas (deployability-gate.ts).
 */
export function expectSchemaValid(objects: any[]): void {
  SchemaGate.default().assertValid(objects);
  expectDeployable(objects);
}
