import type { Executor } from '../db/types.ts';
import type { Principal, TokenResolver } from './auth.ts';
import { publishEvent } from './events.ts';

/**
 * Who a token is, and the center tree roles are checked against, are read on every request; in the
 * ticket cycle those reads were most of the queries. Each process remembers them for a few seconds.
 * Whatever changes who someone is or what they may do (signing out, disabling, roles, passwords,
 * devices, the center tree) announces `identity.changed` in its transaction: the process making the
 * change forgets at once, every other one when the event arrives after the commit, and the time limit
 * covers a process that missed it.
 */
export const identityChanged = 'identity.changed';

const principalTtlMs = 5_000;
const maxRemembered = 20_000;
const principals = new Map<string, { principal: Principal; at: number }>();
const forgetters = new Set<() => void>([() => principals.clear()]);

/** Registers something else remembered about identities (the center tree) to be forgotten on a change. */
export function onIdentityChange(forget: () => void): void {
  forgetters.add(forget);
}

/** Forgets, in this process, everything remembered about identities. */
export function forgetIdentities(): void {
  for (const forget of forgetters) forget();
}

/** Inside the transaction of a change to who someone is or what they may do. */
export async function announceIdentityChange(executor: Executor): Promise<void> {
  forgetIdentities();
  await publishEvent(executor, { type: identityChanged, centerId: null, audience: 'staff', data: {} });
}

/** A resolver that remembers each token's principal for a few seconds; a refused token is asked again every time. */
export function rememberingResolver(resolver: TokenResolver): TokenResolver {
  return {
    prefix: resolver.prefix,
    async resolve(token, request) {
      const now = Date.now();
      const known = principals.get(token);
      if (known && now - known.at < principalTtlMs) return known.principal;
      const principal = await resolver.resolve(token, request);
      principals.delete(token);
      if (principal) {
        // The oldest entry goes first (a Map keeps insertion order), so the memory stays bounded.
        if (principals.size >= maxRemembered) principals.delete(principals.keys().next().value!);
        principals.set(token, { principal, at: now });
      }
      return principal;
    },
  };
}
