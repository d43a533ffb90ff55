import { ValueCondition } from '../model';

/**
 * A condition on one request header. The name is an HTTP token; `__proto__` and `constructor` are refused (MESH012):
 * cdk8s writes manifests key by key, and would lose the condition or fail.
 */
export class HeaderMatch {
  /**
   * The header equals `value`.
   * @param name the header name (case-insensitive)
   * @param value the exact value, not empty
   */
  public static exact(name: string, value: string): HeaderMatch {
    return new HeaderMatch({ name, kind: 'exact', value });
  }

  /**
   * The header starts with `prefix`.
   * @param name the header name (case-insensitive)
   * @param prefix the leading characters of the value, not empty
   */
  public static prefix(name: string, prefix: string): HeaderMatch {
    return new HeaderMatch({ name, kind: 'prefix', value: prefix });
  }

  /**
   * The whole header value matches the RE2 regular expression `regex`.
   * @param name the header name (case-insensitive)
   * @param regex an RE2 regular expression the whole value must match
   */
  public static regex(name: string, regex: string): HeaderMatch {
    return new HeaderMatch({ name, kind: 'regex', value: regex });
  }

  /**
   * The header is present, whatever its value.
   * @param name the header name (case-insensitive)
   */
  public static present(name: string): HeaderMatch {
    return new HeaderMatch({ name, kind: 'present', value: '' });
  }

  private constructor(private readonly condition: ValueCondition) {}

  /** @internal */
  public _toModel(): ValueCondition {
    return { ...this.condition, name: this.condition.name.toLowerCase() };
  }
}

/** A condition on one query parameter. The name is an HTTP token, other than `__proto__` and `constructor` (see HeaderMatch). */
export class QueryParamMatch {
  /**
   * The parameter equals `value`.
   * @param name the parameter name (case-sensitive)
   * @param value the exact value, not empty
   */
  public static exact(name: string, value: string): QueryParamMatch {
    return new QueryParamMatch({ name, kind: 'exact', value });
  }

  /**
   * The whole parameter value matches the RE2 regular expression `regex`.
   * @param name the parameter name (case-sensitive)
   * @param regex an RE2 regular expression the whole value must match
   */
  public static regex(name: string, regex: string): QueryParamMatch {
    return new QueryParamMatch({ name, kind: 'regex', value: regex });
  }

  /**
   * The parameter is present, whatever its value.
   * @param name the parameter name (case-sensitive)
   */
  public static present(name: string): QueryParamMatch {
    return new QueryParamMatch({ name, kind: 'present', value: '' });
  }

  private constructor(private readonly condition: ValueCondition) {}

  /** @internal */
  public _toModel(): ValueCondition {
    return this.condition;
  }
}

/** HTTP methods a route can match. */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
}
