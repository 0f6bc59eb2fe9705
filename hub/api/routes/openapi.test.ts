import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { callApi, createTestHub } from "../../lib/auth/test-hub";
import type { THub } from "../../lib/hub-context";
import { ROUTES } from "./index";
import { buildOpenApiDocument, toOpenApiPath } from "./openapi";

type TOperation = {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: { "application/json": { schema: unknown } } }>;
};
type TDocument = {
  openapi: string;
  paths: Record<string, Record<string, TOperation>>;
  components: { schemas: { Error: unknown } };
};

describe("GET /api/v1/openapi.json", () => {
  let hub: THub;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ hub, dispose } = await createTestHub());
  });
  after(async () => dispose());

  it("is served without a session, as OpenAPI 3.1 with the error shape", async () => {
    const response = await callApi(hub, "GET", "/api/v1/openapi.json");
    assert.equal(response.status, 200);
    const document = (await response.json()) as TDocument;
    assert.equal(document.openapi, "3.1.0");
    assert.deepEqual(Object.keys((document.components.schemas.Error as { properties: object }).properties), [
      "error",
    ]);
  });

  // Every route must document what it answers: a route added without its response schema fails
  // here, naming it (the field is optional in TRoute only so that it can be written first).
  it("lists every route of ROUTES with its method, path, parameters, body and response schema", () => {
    const document = buildOpenApiDocument(ROUTES, hub) as TDocument;
    const undocumented = ROUTES.filter((route) => route.response === undefined).map(
      (r) => `${r.method} ${r.path}`,
    );
    assert.deepEqual(undocumented, [], "routes without a response schema");
    for (const route of ROUTES) {
      const operation = document.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
      assert.ok(operation, `${route.method} ${route.path} is missing`);
      assert.equal(operation.operationId, route.name);
      const success = operation.responses[String(route.status ?? 200)];
      assert.ok(success?.content?.["application/json"].schema, `${route.name} has no response schema`);
      assert.ok(operation.responses["4XX"], `${route.name} documents no error shape`);
      for (const [, name] of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
        assert.ok(
          operation.parameters?.some((p) => p.in === "path" && p.name === name),
          `${route.name}: {${name}}`,
        );
      }
      assert.equal(
        operation.requestBody !== undefined,
        route.body !== undefined,
        `${route.name} request body`,
      );
    }
    const operationIds = ROUTES.map((route) => route.name);
    assert.equal(new Set(operationIds).size, operationIds.length, "operation ids are unique");
  });

  it("documents query parameters and turns times into date-time strings", () => {
    const document = buildOpenApiDocument(ROUTES, hub) as TDocument;
    const list = document.paths["/api/v1/conversations"]?.get;
    assert.deepEqual(list?.parameters?.map((p) => p.name).sort(), ["departmentId", "limit", "view"]);
    const schema = JSON.stringify(document.paths["/api/v1/departments"]?.get?.responses["200"]);
    assert.match(schema, /"format":"date-time"/);
  });
});
