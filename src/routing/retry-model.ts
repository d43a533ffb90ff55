import { RetryModel } from '../model';
import type { RetryPolicy } from './route-action';

/** The model of a retry policy (durations in milliseconds, fractions kept for the checks). */
export function retryModel(r: RetryPolicy): RetryModel {
  return { attempts: r.attempts, perTryTimeoutMs: r.perTryTimeout?.toMilliseconds({ integral: false }), retryOn: r.retryOn ?? [] };
}
