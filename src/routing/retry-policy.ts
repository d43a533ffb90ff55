import { Duration } from 'cdk8s';
import { RetryModel } from '../model';

/** Retries of a forwarded request. */
export interface RetryPolicy {
  /** How many retries are allowed. */
  readonly attempts: number;
  /** Timeout of each try (whole milliseconds, at least 1ms). @default - the route timeout */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions that trigger a retry (Envoy retry policies such as `5xx`, `connect-failure`, `refused-stream`,
   * or numeric status codes).
   * @default - the data plane's default conditions
   */
  readonly retryOn?: string[];
}

/** The model of a retry policy (durations in milliseconds, fractions kept for the checks). */
export function retryModel(r: RetryPolicy): RetryModel {
  return { attempts: r.attempts, perTryTimeoutMs: r.perTryTimeout?.toMilliseconds({ integral: false }), retryOn: r.retryOn ?? [] };
}
