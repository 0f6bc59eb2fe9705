import { ERROR_STATUS, ZErrorBody } from "@tawkster/core/errors";
import { z } from "zod";
import { authCookieNames } from "../../lib/auth/auth-cookies";
import type { THub } from "../../lib/hub-context";
import hubPackage from "../../package.json" with { type: "json" };
import { respond } from "../io";
import type { TRoute } from "../route";

type TJson = Record<string, unknown>;

/** The document's outer shape (its paths are generated, so they are checked only as objects). */
const ZOpenApiDocument = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** `/api/v1/sites/:id/secret/reveal` → `/api/v1/sites/{id}/secret/reveal`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

/** A zod schema as a JSON Schema (2020-12, which OpenAPI 3.1 uses), without its `$schema` line. */
function toSchema(schema: z.ZodType, io: "input" | "output"): TJson {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as TJson;
  return json;
}

/** A query schema's properties as OpenAPI query parameters. */
function toQueryParameters(schema: z.ZodType): TJson[] {
  const json = toSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, TJson>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema: property,
  }));
}

function toPathParameters(path: string): TJson[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => ({
    name: match[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

const ERROR_RESPONSE = {
  description: `The error shape; \`code\` is one of ${Object.keys(ERROR_STATUS).join(", ")}.`,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

function toOperation(route: TRoute): TJson {
  const parameters = [
    ...toPathParameters(route.path),
    ...(route.query ? toQueryParameters(route.query) : []),
  ];
  const status = String(route.status ?? 200);
  const security =
    route.auth === "member"
      ? [{ memberSession: [] }]
      : route.auth === "visitor"
        ? [{ visitorToken: [] }]
        : [];
  return {
    operationId: route.name,
    ...(route.summary !== undefined && { summary: route.summary }),
    security,
    ...(parameters.length > 0 && { parameters }),
    ...(route.body !== undefined && {
      requestBody: {
        required: true,
        content: { "application/json": { schema: toSchema(route.body, "input") } },
      },
    }),
    responses: {
      [status]: {
        description: "Success.",
        ...(route.response !== undefined && {
          content: { "application/json": { schema: toSchema(route.response, "output") } },
        }),
      },
      "4XX": ERROR_RESPONSE,
      "5XX": ERROR_RESPONSE,
    },
  };
}

/**
 * The OpenAPI 3.1 document of the hub's own API, generated from the route table and the zod
 * schemas each route validates with: what is documented is what is enforced.
 */
export function buildOpenApiDocument(routes: readonly TRoute[], hub: Pick<THub, "config">): TJson {
  const paths: Record<string, Record<string, TJson>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = toOperation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tawkster hub API",
      version: hubPackage.version,
      description:
        "The versioned JSON API of a Tawkster hub. Calls that change state must come from the hub's own " +
        "origin (Origin header). Errors answer `{ error: { code, message } }`.",
    },
    paths,
    components: {
      schemas: { Error: toSchema(ZErrorBody, "output") },
      securitySchemes: {
        memberSession: { type: "apiKey", in: "cookie", name: authCookieNames(hub.config).session },
        visitorToken: { type: "http", scheme: "bearer", description: "A widget visitor token." },
      },
    },
  };
}

const documents = new WeakMap<readonly TRoute[], TJson>();

/** GET /api/v1/openapi.json: the document, built once per route table. */
export const OPENAPI_ROUTES: readonly TRoute[] = [
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    name: "openapi",
    summary: "This document: every route of the hub's API with its schemas.",
    auth: "none",
    response: ZOpenApiDocument,
    async handler(ctx) {
      // Imported when asked for: the route table includes this very route.
      const { ROUTES } = await import("./index");
      let document = documents.get(ROUTES);
      if (document === undefined) {
        document = buildOpenApiDocument(ROUTES, ctx.hub);
        documents.set(ROUTES, document);
      }
      return respond(ZOpenApiDocument, document as z.input<typeof ZOpenApiDocument>);
    },
  },
];
