/**
 * Tenancy: which workspace owns a namespace, and whether a resource of one workspace may be used by another
 * (the owner exports it AND the user imports it).
 */
import { ResourceKindModel, ShareRuleModel, WorkspaceModel, WorkspaceSelectorModel } from '../model';
import { cmp, Diagnostics, Note, related, Rules, Subject } from './diagnostics/catalogue';

/** Whether a selector names a workspace. */
export function selects(s: WorkspaceSelectorModel, w: WorkspaceModel): boolean {
  if (s.name !== undefined && s.name !== '*' && s.name !== w.name) return false;
  for (const k in s.labels) if (Object.prototype.hasOwnProperty.call(s.labels, k) && w.labels[k] !== s.labels[k]) return false;
  return true;
}

function ruleAdmits(rule: ShareRuleModel, other: WorkspaceModel, kind: ResourceKindModel, labels: Readonly<Record<string, string>>): boolean {
  if (rule.kinds.length > 0 && !rule.kinds.includes(kind)) return false;
  for (const k in rule.resourceLabels) {
    if (Object.prototype.hasOwnProperty.call(rule.resourceLabels, k) && labels[k] !== rule.resourceLabels[k]) return false;
  }
  for (const s of rule.workspaces) if (selects(s, other)) return true;
  return false;
}

/** The namespace → workspace index of a mesh, with the checks on claims. */
export class Tenancy {
  private readonly owners = new Map<string, WorkspaceModel>();
  private readonly byName = new Map<string, WorkspaceModel>();

  constructor(public readonly workspaces: readonly WorkspaceModel[], diagnostics: Diagnostics) {
    for (const w of workspaces) {
      const existing = this.byName.get(w.name);
      if (existing) {
        diagnostics.report(Rules.DuplicateResource, w, { resource: Subject.workspace(w.name), first: existing.path },
          [related(existing, Note.firstDeclaration)]);
        continue;
      }
      this.byName.set(w.name, w);
      for (const ns of w.namespaces) {
        const other = this.owners.get(ns);
        // Namespace sameness: a namespace name is one namespace in every cluster (Istio makes `<svc>.<ns>` in two clusters
        // one service, and `ns/<ns>` one identity), so two workspaces claim it even in disjoint clusters.
        if (other && other !== w) {
          diagnostics.report(Rules.NamespaceClaimedTwice, w, { namespace: ns, workspace: w.name, other: other.name },
            [related(other, Note.otherClaim)]);
        } else if (!other) {
          this.owners.set(ns, w);
        }
      }
    }
  }

  /** The workspace owning `namespace`, if any. */
  public ownerOf(namespace: string): WorkspaceModel | undefined {
    return this.owners.get(namespace);
  }

  /** The workspace named `name`, if any. */
  public named(name: string): WorkspaceModel | undefined {
    return this.byName.get(name);
  }

  /**
   * Whether `user` may use a resource of kind `kind` (with `labels`) owned by `owner`: same workspace, or the owner
   * exports it to the user and the user imports it from the owner.
   */
  public canUse(user: WorkspaceModel, owner: WorkspaceModel, kind: ResourceKindModel, labels: Readonly<Record<string, string>> = {}): boolean {
    if (user === owner) return true;
    return owner.exportTo.some(r => ruleAdmits(r, user, kind, labels))
      && user.importFrom.some(r => ruleAdmits(r, owner, kind, labels));
  }

  /**
   * Whether `user` may use every resource of kind `kind` owned by `owner` whatever its labels (same workspace, or
   * an export and an import of that kind without resource labels).
   */
  public sharesAll(user: WorkspaceModel, owner: WorkspaceModel, kind: ResourceKindModel): boolean {
    if (user === owner) return true;
    const whole = (r: ShareRuleModel, other: WorkspaceModel) => Object.keys(r.resourceLabels).length === 0 && ruleAdmits(r, other, kind, {});
    return owner.exportTo.some(r => whole(r, user)) && user.importFrom.some(r => whole(r, owner));
  }

  /** The workspaces (the owner first, then by name) that may use a resource of `owner` of kind `kind` with `labels`. */
  public users(owner: WorkspaceModel, kind: ResourceKindModel, labels: Readonly<Record<string, string>> = {}): WorkspaceModel[] {
    const others = [...this.byName.values()].filter(w => w !== owner && this.canUse(w, owner, kind, labels));
    return [owner, ...others.sort((a, b) => cmp(a.name, b.name))];
  }

  /**
   * The other workspaces an import rule of `user` selects: the only ones whose resources it may use (indexed by name,
   * so that a mesh of many workspaces importing a few each needs no scan of all pairs).
   */
  public importSources(user: WorkspaceModel): WorkspaceModel[] {
    const out = new Set<WorkspaceModel>();
    for (const rule of user.importFrom) {
      for (const s of rule.workspaces) {
        const named = s.name !== undefined && s.name !== '*';
        for (const w of named ? [this.byName.get(s.name!)] : this.byName.values()) {
          if (w && w !== user && selects(s, w)) out.add(w);
        }
      }
    }
    return [...out];
  }

  /** Which half of the share is missing, for messages. */
  public missingShare(user: WorkspaceModel, owner: WorkspaceModel, kind: ResourceKindModel, labels: Readonly<Record<string, string>> = {}): string {
    const exported = owner.exportTo.some(r => ruleAdmits(r, user, kind, labels));
    const imported = user.importFrom.some(r => ruleAdmits(r, owner, kind, labels));
    const missing = [
      ...(exported ? [] : [`workspace "${owner.name}" does not export ${kind} to "${user.name}"`]),
      ...(imported ? [] : [`workspace "${user.name}" does not import ${kind} from "${owner.name}"`]),
    ];
    return missing.join(' and ');
  }
}

