export * from "./create-rate-limiter";
export * from "./rate-limited-error";
