import { toStorageError } from "../storage-error";

/** Runs one storage operation, rethrowing any failure as a StorageError named by the operation. */
export async function guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toStorageError(operation, error);
  }
}
