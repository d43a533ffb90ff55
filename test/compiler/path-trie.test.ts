/** The path trie against brute force: prefixes of a path, shortest first; extensions of a path, in key order. */
import * as fc from 'fast-check';
import { PathTrie } from '../../src/compiler/algebra/path-trie';

/** Strings of the given pieces (few letters, so that keys share prefixes). */
const text = (pieces: string[], maxLength: number) => fc.array(fc.constantFrom(...pieces), { maxLength }).map(p => p.join(''));
const keys = fc.array(text(['/', 'a', 'b', 'ab', '-', 'é'], 5), { maxLength: 30 });

describe('path trie', () => {
  test('prefixes and forEachExtension find what a scan of every key finds, in order', () => {
    fc.assert(fc.property(keys, fc.array(text(['/', 'a', 'b', '-'], 6), { maxLength: 10 }), (filed, paths) => {
      const trie = new PathTrie<number>();
      filed.forEach((k, i) => trie.add(k, i));
      const lists: Array<readonly number[]> = [];
      const lengths: number[] = [];
      for (const path of [...paths, ...filed]) {
        const expectedPrefixes = filed.map((k, i) => ({ k, i })).filter(x => path.startsWith(x.k))
          .sort((a, b) => a.k.length - b.k.length || a.i - b.i).map(x => x.i);
        // Into reused arrays (stale entries from a longer walk before stay past the count).
        const n = trie.prefixes(path, lists, lengths);
        expect(lists.slice(0, n).flat()).toEqual(expectedPrefixes);
        expect(lengths.slice(0, n).every((length, j) => lists[j].every(i => filed[i].length === length))).toBe(true);
        const extensions: number[] = [];
        trie.forEachExtension(path, items => extensions.push(...items));
        const expectedExtensions = filed.map((k, i) => ({ k, i })).filter(x => x.k.length > path.length && x.k.startsWith(path))
          .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i)).map(x => x.i);
        expect(extensions).toEqual(expectedExtensions);
      }
    }), { numRuns: 300 });
  });
});
