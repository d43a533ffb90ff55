/**
 * Order between routes whose place istiod decides partly by creation time. Objects carry no creation time in files
 * kept in git, so two objects of unknown creation have no known order: the comparison says which comes first by a
 * stable stand-in (names), and whether that order is actually decided.
 */
import { Creation, OrderPart } from './model';
import { cmp } from '../../compiler/algebra/order';

/** The result of comparing two order keys. */
export interface Comparison {
  /** Negative: the first comes first; positive: the second; 0: the same place. */
  readonly sign: number;
  /** False when creation times the input does not give would decide it. */
  readonly decided: boolean;
}

const sameObject = (a: Creation, b: Creation) => a.name === b.name && a.namespace === b.namespace;

/** istiod's tie-break after equal times: name then namespace, or namespace then name. */
function tieBreak(a: Creation, b: Creation): number {
  return a.nameFirst ? cmp(a.name, b.name) || cmp(a.namespace, b.namespace) : cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
}

function compareCreation(a: Creation, b: Creation): Comparison {
  if (sameObject(a, b)) return { sign: 0, decided: true };
  if (a.time !== undefined && b.time !== undefined) return { sign: a.time - b.time || tieBreak(a, b), decided: true };
  return { sign: tieBreak(a, b), decided: false };
}

/** Compares two order keys part by part; the first part that differs decides. */
export function compareOrder(a: readonly OrderPart[], b: readonly OrderPart[]): Comparison {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x === undefined || y === undefined) return { sign: x === undefined ? (y === undefined ? 0 : -1) : 1, decided: true };
    if ('rank' in x && 'rank' in y) {
      if (x.rank !== y.rank) return { sign: x.rank - y.rank, decided: true };
    } else if ('creation' in x && 'creation' in y) {
      const c = compareCreation(x.creation, y.creation);
      if (c.sign !== 0 || !c.decided) return c;
    } else {
      return { sign: 'rank' in x ? -1 : 1, decided: true };
    }
  }
  return { sign: 0, decided: true };
}
