// The only module of Tawkster that reads process.env (a Biome rule forbids it elsewhere).
export * from "./key-encoding";
export * from "./load-config";
export * from "./master-key";
export * from "./redacted";
export * from "./setup-password";
