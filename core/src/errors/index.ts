export * from "./app-error";
