export * from "./bus-event";
export * from "./create-memory-bus";
export type * from "./port";
