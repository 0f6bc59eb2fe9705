import type { ScopedStore, Store } from "@tawkster/core/store";

/**
 * A store whose `scoped(workspaceId)` hands out `wrap(inner)` instead of the inner scope, made once
 * per inner scope (scopes are long-lived; a wrapper per call would cost every request). Everything
 * else is the store's own, through the prototype. `scoped` stays replaceable, as on the store itself
 * (tests wrap it), and asks the inner store each time, so whatever wraps that still applies.
 */
export function wrapStoreScopes(store: Store, wrap: (inner: ScopedStore) => ScopedStore): Store {
  const wrapped = new WeakMap<ScopedStore, ScopedStore>();
  return Object.create(store, {
    scoped: {
      writable: true,
      configurable: true,
      enumerable: true,
      value: (workspaceId: string): ScopedStore => {
        const inner = store.scoped(workspaceId);
        let scope = wrapped.get(inner);
        if (scope === undefined) {
          scope = wrap(inner);
          wrapped.set(inner, scope);
        }
        return scope;
      },
    },
  }) as Store;
}
