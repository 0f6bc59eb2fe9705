export * from "./default-policy";
export * from "./plan-purge";
export * from "./resolve-policy";
