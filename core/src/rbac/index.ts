export * from "./actions";
export * from "./actors";
export * from "./assert-authorized";
export * from "./authorize";
export * from "./resources";
export * from "./role-table";
export * from "./scope-conversations";
