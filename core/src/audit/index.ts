export * from "./assert-audit-details-safe";
export * from "./canonical-json";
export * from "./canonicalize-audit-event";
export * from "./chain-audit-event";
export * from "./hash-audit-event";
export * from "./sensitive-keys";
export * from "./verify-chain";
