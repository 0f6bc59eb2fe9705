import type { TCipherContext, Vault } from "../crypto";
import type { TMessage, TMessageAuthor, TVisitor } from "../schemas";
import type { TMessageRow, TNewMessageRow, TVisitorRow } from "./port";

// Sealing turns domain records into the ciphertext-only rows the store keeps, and back. Every
// ciphertext is bound to its workspace, table, row and column, so a copied value does not decrypt.

export type TNewVisitor = Omit<TVisitor, "workspaceId">;

function context(
  workspaceId: string,
  keyId: string,
  table: string,
  rowId: string,
  column: string,
): TCipherContext {
  return { workspaceId, keyId, table, rowId, column };
}

async function sealOptional(
  vault: Vault,
  ctx: TCipherContext,
  value: string | null,
): Promise<Uint8Array | null> {
  return value === null ? null : vault.encrypt(ctx, value);
}

async function openOptional(
  vault: Vault,
  ctx: TCipherContext,
  value: Uint8Array | null,
): Promise<string | null> {
  return value === null ? null : vault.decrypt(ctx, value);
}

/** Encrypts a visitor's email, name and IP under their own key (created here) and indexes the email. */
export async function sealVisitor(
  vault: Vault,
  workspaceId: string,
  visitor: TNewVisitor,
): Promise<TVisitorRow> {
  const keyId = await vault.ensureKey({ workspaceId, purpose: "visitor", ownerId: visitor.id });
  const ctx = (column: string) => context(workspaceId, keyId, "visitors", visitor.id, column);
  return {
    id: visitor.id,
    siteId: visitor.siteId,
    keyId,
    emailCipher: await sealOptional(vault, ctx("email"), visitor.email),
    emailIndex: visitor.email === null ? null : await vault.blindIndex(workspaceId, "email", visitor.email),
    nameCipher: await sealOptional(vault, ctx("name"), visitor.name),
    ipCipher: await sealOptional(vault, ctx("ip"), visitor.ip),
    identityVerified: visitor.identityVerified,
    consentFunctional: visitor.consent.functional,
    consentUpdatedAt: visitor.consent.updatedAt,
    createdAt: visitor.createdAt,
    lastSeenAt: visitor.lastSeenAt,
  };
}

/** Decrypts a stored visitor; throws crypto.unreadable once their key has been destroyed. */
export async function openSealedVisitor(
  vault: Vault,
  workspaceId: string,
  row: TVisitorRow,
): Promise<TVisitor> {
  const ctx = (column: string) => context(workspaceId, row.keyId, "visitors", row.id, column);
  return {
    id: row.id,
    workspaceId,
    siteId: row.siteId,
    email: await openOptional(vault, ctx("email"), row.emailCipher),
    name: await openOptional(vault, ctx("name"), row.nameCipher),
    ip: await openOptional(vault, ctx("ip"), row.ipCipher),
    identityVerified: row.identityVerified,
    consent: { functional: row.consentFunctional, updatedAt: row.consentUpdatedAt },
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
  };
}

/**
 * Encrypts a message body under the conversation's visitor key, so erasing the visitor makes the
 * whole conversation unreadable at once, agents' replies included.
 */
export async function sealMessage(
  vault: Vault,
  workspaceId: string,
  message: {
    id: string;
    conversationId: string;
    author: TMessageAuthor;
    body: string;
    createdAt: Date;
    visitorKeyId: string;
    clientMessageId?: string | null;
  },
): Promise<TNewMessageRow> {
  const ctx = context(workspaceId, message.visitorKeyId, "messages", message.id, "body");
  return {
    id: message.id,
    conversationId: message.conversationId,
    author: message.author,
    keyId: message.visitorKeyId,
    bodyCipher: await vault.encrypt(ctx, message.body),
    createdAt: message.createdAt,
    clientMessageId: message.clientMessageId ?? null,
  };
}

/** Decrypts a stored message; throws crypto.unreadable once its key has been destroyed. */
export async function openSealedMessage(
  vault: Vault,
  workspaceId: string,
  row: TMessageRow,
): Promise<TMessage> {
  const ctx = context(workspaceId, row.keyId, "messages", row.id, "body");
  return {
    id: row.id,
    workspaceId,
    conversationId: row.conversationId,
    seq: row.seq,
    author: row.author,
    body: await vault.decrypt(ctx, row.bodyCipher),
    createdAt: row.createdAt,
  };
}
