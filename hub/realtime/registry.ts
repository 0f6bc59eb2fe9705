import type { TConnection, TSubscription } from "./connection";

/** Who follows what, so a bus event reaches exactly the connections it concerns without a scan. */
export type TRegistry = {
  readonly connections: Set<TConnection>;
  readonly subscriptionsByConversation: Map<string, Set<TSubscription>>;
  readonly inboxWatchersByWorkspace: Map<string, Set<TConnection>>;
  readonly consolesByMember: Map<string, Set<TConnection>>;
};

/** An empty registry. */
export function createRegistry(): TRegistry {
  return {
    connections: new Set(),
    subscriptionsByConversation: new Map(),
    inboxWatchersByWorkspace: new Map(),
    consolesByMember: new Map(),
  };
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  // Empty sets go, so a conversation nobody follows any more costs nothing.
  if (set.size === 0) map.delete(key);
}

/** Records a new connection (and its member, for `session.revoked`). */
export function registerConnection(registry: TRegistry, connection: TConnection): void {
  registry.connections.add(connection);
  if (connection.member !== null) addTo(registry.consolesByMember, connection.member.memberId, connection);
}

/** Records a subscription, replacing the connection's previous one to the same conversation. */
export function registerSubscription(registry: TRegistry, subscription: TSubscription): void {
  const { connection, conversationId } = subscription;
  const previous = connection.subscriptions?.get(conversationId);
  if (previous !== undefined) unregisterSubscription(registry, previous);
  connection.subscriptions ??= new Map();
  connection.subscriptions.set(conversationId, subscription);
  addTo(registry.subscriptionsByConversation, conversationId, subscription);
}

/** Forgets a subscription; a fetch still running for it stops sending. */
export function unregisterSubscription(registry: TRegistry, subscription: TSubscription): void {
  subscription.isClosed = true;
  const { connection, conversationId } = subscription;
  if (connection.subscriptions?.get(conversationId) === subscription) {
    connection.subscriptions.delete(conversationId);
    if (connection.subscriptions.size === 0) connection.subscriptions = null;
  }
  removeFrom(registry.subscriptionsByConversation, conversationId, subscription);
}

/** Makes a console connection hear about its workspace's inbox. */
export function registerInboxWatcher(registry: TRegistry, connection: TConnection): void {
  if (connection.member === null) return;
  connection.watchesInbox = true;
  addTo(registry.inboxWatchersByWorkspace, connection.member.workspaceId, connection);
}

/** Turns a console connection (cookie-authenticated) into a widget one: it keeps nothing of the member. */
export function forgetMember(registry: TRegistry, connection: TConnection): void {
  if (connection.member === null) return;
  removeFrom(registry.consolesByMember, connection.member.memberId, connection);
  if (connection.watchesInbox)
    removeFrom(registry.inboxWatchersByWorkspace, connection.member.workspaceId, connection);
  connection.watchesInbox = false;
  connection.member = null;
}

/** Forgets everything about a closed connection. */
export function unregisterConnection(registry: TRegistry, connection: TConnection): void {
  for (const subscription of [...(connection.subscriptions?.values() ?? [])]) {
    unregisterSubscription(registry, subscription);
  }
  forgetMember(registry, connection);
  registry.connections.delete(connection);
}
