import { AppError, isAppError } from "../errors/app-error";
import type { TMessage } from "../schemas/message";
import type { TMessageRow } from "../store/port";
import { openSealedMessage } from "../store/sealed-records";
import type { TChatDeps } from "./deps";

/** The error for a conversation whose visitor was erased: its key is gone, so is its text. */
export function createErasedError(): AppError {
  return new AppError("resource.gone", "This conversation was erased.");
}

/**
 * Decrypts stored messages. A destroyed key (erasure, retention) answers resource.gone; any other
 * failure to decrypt (tampering, a missing master key) stays crypto.unreadable, a server fault.
 */
export async function openMessages(
  deps: TChatDeps,
  workspaceId: string,
  rows: readonly TMessageRow[],
): Promise<TMessage[]> {
  const messages: TMessage[] = [];
  for (const row of rows) {
    try {
      messages.push(await openSealedMessage(deps.vault, workspaceId, row));
    } catch (error) {
      if (isAppError(error) && error.code === "crypto.unreadable") {
        const key = await deps.store.keys.findKey(workspaceId, row.keyId);
        if (key === null) throw createErasedError();
      }
      throw error;
    }
  }
  return messages;
}
