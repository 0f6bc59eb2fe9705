export { parseAllowedDomain, type TAllowedDomain } from "./allowed-domain";
export { WIDGET_API_PATHS, WIDGET_ORIGIN_HEADER } from "./api-paths";
export * from "./api-schemas";
export { buildFrameAncestors } from "./build-frame-ancestors";
export {
  checkVisitorToken,
  type TVisitorTokenCheck,
  type TVisitorTokenExpectation,
  type TVisitorTokenProblem,
  VISITOR_TOKEN_CLOCK_SKEW_MS,
  verifyVisitorToken,
} from "./check-visitor-token";
export { deriveWidgetTokenKey, WIDGET_TOKEN_KEY_LENGTH } from "./derive-widget-token-key";
export type { TWidgetScheme } from "./host";
export { computeIdentityHash, isIdentityHashValid } from "./identity-hash";
export { isOriginAllowed } from "./is-origin-allowed";
export { formatOrigin, normalizeOrigin, parseOrigin, type TParsedOrigin } from "./origin";
export { signVisitorToken } from "./sign-visitor-token";
export {
  type TVisitorTokenClaims,
  VISITOR_TOKEN_MAX_LENGTH,
  VISITOR_TOKEN_VERSION,
  ZVisitorToken,
  ZVisitorTokenClaims,
} from "./visitor-token-claims";
