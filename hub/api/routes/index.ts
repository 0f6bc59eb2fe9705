import type { TRoute } from "../route";
import { AUDIT_ROUTES } from "./audit";
import { COMPLIANCE_ROUTES } from "./compliance";
import { CONVERSATION_ROUTES } from "./conversations";
import { DEPARTMENT_ROUTES } from "./departments";
import { MEMBER_ROUTES } from "./members";
import { OPENAPI_ROUTES } from "./openapi";
import { POLICY_ROUTES } from "./policies";
import { PRIVACY_ROUTES } from "./privacy";
import { RETENTION_ROUTES } from "./retention";
import { SESSION_ROUTES } from "./sessions";
import { SETUP_ROUTES } from "./setup";
import { SITE_ROUTES } from "./sites";
import { TWO_FACTOR_ROUTES } from "./two-factor";
import { WIDGET_ROUTES } from "./widget";

// Each area of the API keeps its routes in its own file here; this list joins them. The OpenAPI
// document is generated from the same list, so a route cannot exist without being documented.
export const ROUTES: readonly TRoute[] = [
  ...SETUP_ROUTES,
  ...SESSION_ROUTES,
  ...TWO_FACTOR_ROUTES,
  ...CONVERSATION_ROUTES,
  ...DEPARTMENT_ROUTES,
  ...MEMBER_ROUTES,
  ...SITE_ROUTES,
  ...POLICY_ROUTES,
  ...AUDIT_ROUTES,
  ...RETENTION_ROUTES,
  ...PRIVACY_ROUTES,
  ...COMPLIANCE_ROUTES,
  ...WIDGET_ROUTES,
  ...OPENAPI_ROUTES,
];
