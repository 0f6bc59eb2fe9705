export type * from "./port";
export type { TNewVisitor } from "./sealed-records";
export { openSealedMessage, openSealedVisitor, sealMessage, sealVisitor } from "./sealed-records";
export type { SqlDriver, SqlExecutor, TSqlValue } from "./sql/driver";
export { LATEST_SCHEMA_VERSION, migrate } from "./sql/migrations";
export { createSqlStore } from "./sql/sql-store";
export { isUniqueViolation, toStorageError } from "./storage-error";
