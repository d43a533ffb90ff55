/**
 * A trie of path keys (a radix tree: each edge carries the characters up to the next branch or key): items are filed
 * at the node of their key, and a walk along a path visits the items of every key that is a prefix of it, without
 * building substrings and with about one node per key.
 */

interface TrieNode<T> {
  /** The characters on the edge from the parent. */
  label: string;
  /** By first character; none until a key goes below the node (most nodes are leaves). */
  children?: Map<number, TrieNode<T>>;
  readonly items: T[];
  /** The children's first characters in ascending order, once asked for. */
  sorted?: number[];
}

const node = <T>(label: string): TrieNode<T> => ({ label, children: undefined, items: [] });

/** The children of `n`, made when the first one is added. */
const childrenOf = <T>(n: TrieNode<T>): Map<number, TrieNode<T>> => (n.children ??= new Map());

/** Items filed by path key (the empty key at the root). */
export class PathTrie<T> {
  private readonly root: TrieNode<T> = node('');

  /** Files `item` under `key` (after the items filed there before). */
  public add(key: string, item: T): void {
    let n = this.root;
    let i = 0;
    while (i < key.length) {
      const c = key.charCodeAt(i);
      const child = n.children?.get(c);
      if (!child) {
        const leaf = node<T>(key.slice(i));
        childrenOf(n).set(c, leaf);
        n.sorted = undefined;
        n = leaf;
        break;
      }
      const label = child.label;
      let j = 0;
      while (j < label.length && i + j < key.length && label.charCodeAt(j) === key.charCodeAt(i + j)) j++;
      if (j < label.length) {
        // The key leaves (or ends inside) the edge: split it.
        const mid = node<T>(label.slice(0, j));
        child.label = label.slice(j);
        childrenOf(mid).set(child.label.charCodeAt(0), child);
        childrenOf(n).set(c, mid);
        n = mid;
      } else {
        n = child;
      }
      i += j;
    }
    n.items.push(item);
  }

  /**
   * Writes into `lists` the items of every key filed in the trie that is a prefix of `path` (the empty key and `path`
   * itself included), shortest first, and into `lengths` the keys' lengths; returns how many. The caller reuses the
   * two arrays, so a walk along a path allocates nothing (the entries past the count are stale).
   */
  public prefixes(path: string, lists: Array<readonly T[]>, lengths: number[]): number {
    let n = this.root;
    let i = 0;
    let count = 0;
    for (;;) {
      if (n.items.length > 0) {
        lists[count] = n.items;
        lengths[count] = i;
        count++;
      }
      if (i === path.length) return count;
      const child = n.children?.get(path.charCodeAt(i));
      if (!child || !path.startsWith(child.label, i)) return count;
      i += child.label.length;
      n = child;
    }
  }

  /**
   * Calls `visit(items)` for every key filed in the trie that extends `path` (longer keys starting with it), in
   * ascending order of the keys (UTF-16 code units, as JavaScript compares strings).
   */
  public forEachExtension(path: string, visit: (items: readonly T[]) => void): void {
    let n = this.root;
    let i = 0;
    while (i < path.length) {
      const child = n.children?.get(path.charCodeAt(i));
      if (!child) return;
      const label = child.label;
      if (label.length > path.length - i) {
        // The path ends inside this edge: every key at or below the child extends it, if the edge goes on like the path.
        if (!label.startsWith(path.slice(i))) return;
        if (child.items.length > 0) visit(child.items);
        this.descend(child, visit);
        return;
      }
      if (!path.startsWith(label, i)) return;
      i += label.length;
      n = child;
    }
    this.descend(n, visit);
  }

  private descend(n: TrieNode<T>, visit: (items: readonly T[]) => void): void {
    const children = n.children;
    if (!children) return;
    n.sorted ??= [...children.keys()].sort((a, b) => a - b);
    for (const c of n.sorted) {
      const child = children.get(c)!;
      if (child.items.length > 0) visit(child.items);
      this.descend(child, visit);
    }
  }
}
