import { PathCondition } from '../model';

/**
 * A condition on the request path.
 *
 * `prefix` has Istio's meaning (a string prefix: `/team1` also matches `/team10`); `segmentPrefix` matches whole path
 * elements (`/team1` matches `/team1` and `/team1/x`, not `/team10`). Both targets render each exactly. Build one
 * with the static methods: a path of any other kind (only JavaScript can make one) fails the build (MESH011).
 */
export class PathMatch {
  /**
   * The path equals `path`.
   * @param path the whole path, starting with `/`
   */
  public static exact(path: string): PathMatch {
    return new PathMatch({ kind: 'exact', value: path });
  }

  /**
   * The path starts with the string `prefix` (Istio `prefix`: `/team1` also matches `/team10`).
   * @param prefix the leading characters of the path, starting with `/`
   */
  public static prefix(prefix: string): PathMatch {
    return new PathMatch({ kind: 'prefix', value: prefix });
  }

  /**
   * The path starts with the path elements of `prefix` (Gateway API `PathPrefix`: `/team1` does not match `/team10`).
   * @param prefix the leading path elements, starting with `/`
   */
  public static segmentPrefix(prefix: string): PathMatch {
    return new PathMatch({ kind: 'segment', value: prefix });
  }

  /**
   * The whole path matches the RE2 regular expression `regex`.
   * @param regex an RE2 regular expression the whole path must match
   */
  public static regex(regex: string): PathMatch {
    return new PathMatch({ kind: 'regex', value: regex });
  }

  private constructor(private readonly condition: PathCondition) {}

  /** The kind of comparison: `exact`, `prefix`, `segment` or `regex`. */
  public get kind(): string {
    return this.condition.kind;
  }

  /** The path, prefix or regular expression compared with. */
  public get value(): string {
    return this.condition.value;
  }

  /** @internal */
  public _toModel(): PathCondition {
    return this.condition;
  }
}
