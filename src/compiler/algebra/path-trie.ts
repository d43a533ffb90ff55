/**
 * A trie of path keys, character by character: items are filed at the node of their key, and a walk along a path
 * visits the items of every key that is a prefix of it — one step per character, without building substrings.
 */

interface TrieNode<T> {
  readonly children: Map<number, TrieNode<T>>;
  readonly items: T[];
  /** The children's characters in ascending order, once asked for. */
  sorted?: number[];
}

const node = <T>(): TrieNode<T> => ({ children: new Map(), items: [] });

/** Items filed by path key (the empty key at the root). */
export class PathTrie<T> {
  private readonly root: TrieNode<T> = node();

  /** Files `item` under `key` (after the items filed there before). */
  public add(key: string, item: T): void {
    let n = this.root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let next = n.children.get(c);
      if (!next) {
        n.children.set(c, next = node());
        n.sorted = undefined;
      }
      n = next;
    }
    n.items.push(item);
  }

  /**
   * Calls `visit(items)` for every key filed in the trie that extends `path` (longer keys starting with it), in
   * ascending order of the keys (UTF-16 code units, as JavaScript compares strings).
   */
  public forEachExtension(path: string, visit: (items: readonly T[]) => void): void {
    let n: TrieNode<T> | undefined = this.root;
    for (let i = 0; n && i < path.length; i++) n = n.children.get(path.charCodeAt(i));
    if (n) this.descend(n, visit);
  }

  private descend(n: TrieNode<T>, visit: (items: readonly T[]) => void): void {
    if (n.children.size === 0) return;
    n.sorted ??= [...n.children.keys()].sort((a, b) => a - b);
    for (const c of n.sorted) {
      const child = n.children.get(c)!;
      if (child.items.length > 0) visit(child.items);
      this.descend(child, visit);
    }
  }

  /**
   * Calls `visit(items, length)` for every key filed in the trie that is a prefix of `path` (the empty key and `path`
   * itself included), shortest first; `length` is the key's length.
   */
  public forEachPrefix(path: string, visit: (items: readonly T[], length: number) => void): void {
    let n: TrieNode<T> | undefined = this.root;
    for (let i = 0; n; i++) {
      if (n.items.length > 0) visit(n.items, i);
      if (i === path.length) return;
      n = n.children.get(path.charCodeAt(i));
    }
  }
}
