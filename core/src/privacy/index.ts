export { anonymizeIp, applyIpPolicy, type TIpHandling } from "./anonymize-ip";
export { detectPii } from "./detect-pii";
export { maskPii } from "./mask-pii";
export {
  type TMaskedText,
  type TPiiDetectOptions,
  type TPiiMatch,
  ZPiiDetectOptions,
  ZPiiMatch,
} from "./pii-match";
