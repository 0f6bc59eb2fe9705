import { AppError } from "../errors/app-error";

/** Whether an adapter error is a uniqueness violation (SQLite and PostgreSQL spell it differently). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * Rethrows an adapter failure as one AppError carrying the original as `cause`. The message names
 * the operation only: SQL errors can quote row values, which may be customer data.
 */
export function toStorageError(operation: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isUniqueViolation(error)) {
    return new AppError("resource.conflict", `That ${operation.split(".")[0]} already exists.`, {
      cause: error,
    });
  }
  return new AppError("storage.failed", `Storage operation ${operation} failed.`, { cause: error });
}
