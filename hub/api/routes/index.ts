import type { TRoute } from "../route";

// Each area of the API keeps its routes in its own file here; this list joins them. The OpenAPI
// document is generated from the same list, so a route cannot exist without being documented.
export const ROUTES: readonly TRoute[] = [];
