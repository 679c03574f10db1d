import { counted } from '@/lib/text';
import type { BanqupError } from './errors';

/**
 * What to do after a failed Banqup call, in a sentence that follows what happened: the
 * wizard's own retries (lib/banqup/http.ts: a GET or PUT after a 5xx, a timeout or a broken
 * connection; a POST only when the answer proves it was not carried out; a 429 after its
 * Retry-After up to 10 s; up to BANQUP_MAX_ATTEMPTS attempts in all), the credentials, and
 * Banqup's request to wait.
 *
 * `attempts` is how many times the call went out (the journal's attempt numbers).
 */
export type Advice = {
  text: string;
  /** The credentials are the problem: the page links to the Connection page (/settings). */
  connection: boolean;
};

export function adviceFor(error: BanqupError, attempts: number): Advice | undefined {
  // Its retries follow one another within a second or two (http.ts: backoffDelay), Retry-After aside.
  const tried = attempts > 1 ? `The wizard already tried ${counted(attempts, 'time')}. ` : '';
  if (error.kind === 'auth' || error.status === 401) {
    return { text: 'Check the token or the client id and secret on the Connection page, then retry.', connection: true };
  }
  if (error.status === 403) {
    return { text: 'Check on the Connection page that the credentials carry the store_write scope, then retry.', connection: true };
  }
  // Banqup's Retry-After: the step's message says how long ("Banqup asked to wait: try again in
  // 30 s"), and its button counts down and opens again when the wait is over.
  const waitAsked = error.retryAfterMs ? 'The button opens again when the wait Banqup asked for is over.' : undefined;
  if (error.status === 429) return { text: `${tried}${waitAsked ?? 'Wait a minute, then retry.'}`, connection: false };
  // A POST that may have arrived went out once and is not sent again by itself: the step says
  // what to do then (check at Banqup, or send it again anyway).
  if (error.maybeDelivered && attempts <= 1) return undefined;
  if ((error.status !== null && error.status >= 500) || error.kind === 'network' || error.kind === 'timeout') {
    return {
      text: `${tried}${waitAsked ? `${waitAsked} If` : 'Retry in a few minutes; if'} it keeps failing, Banqup may be down: ask Banqup Support${error.requestId ? ', quoting the request id' : ''}.`,
      connection: false,
    };
  }
  return undefined;
}
