import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { createWidgetApi, WidgetApiError } from "./api-client";

const conversation = { id: randomUUID(), status: "open" };

function setup(answer: { status: number; body: unknown }) {
  const requests: { url: string; init: RequestInit }[] = [];
  const api = createWidgetApi({
    hubOrigin: "https://chat.example.net",
    parentOrigin: "https://shop.example.com",
    getToken: () => "v1.a.b",
    fetch: async (url, init) => {
      requests.push({ url: String(url), init: init ?? {} });
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    },
  });
  return { api, requests };
}

describe("createWidgetApi", () => {
  it("sends the token as a Bearer header and names the embedding page, without cookies", async () => {
    const { api, requests } = setup({ status: 200, body: { conversation } });
    assert.deepEqual(await api.startConversation(), conversation);
    const [request] = requests;
    assert.equal(request?.url, "https://chat.example.net/api/v1/widget/conversations");
    const headers = request?.init.headers as Record<string, string>;
    assert.equal(headers.Authorization, "Bearer v1.a.b");
    assert.equal(headers["Tawkster-Widget-Origin"], "https://shop.example.com");
    assert.equal(request?.init.credentials, "omit");
    assert.equal(request?.init.method, "POST");
  });

  it("keeps the token out of URLs and out of the session call's headers", async () => {
    const { api, requests } = setup({ status: 200, body: { messages: [], conversation } });
    await api.listMessages(conversation.id, 4);
    assert.equal(
      requests[0]?.url,
      `https://chat.example.net/api/v1/widget/messages?conversationId=${conversation.id}&afterSeq=4`,
    );
    assert.doesNotMatch(requests[0]?.url ?? "", /v1\.a\.b/);
    const session = setup({ status: 500, body: {} });
    await assert.rejects(
      session.api.startSession({ siteKey: "site_abcdefghijklmnopqrst", visitorToken: "v1.a.b" }),
    );
    const headers = session.requests[0]?.init.headers as Record<string, string>;
    assert.equal(headers.Authorization, undefined);
    assert.deepEqual(JSON.parse(String(session.requests[0]?.init.body)), {
      siteKey: "site_abcdefghijklmnopqrst",
      visitorToken: "v1.a.b",
    });
  });

  it("turns error answers, malformed answers and network failures into WidgetApiError", async () => {
    const refused = setup({ status: 401, body: { error: { code: "auth.required", message: "x" } } });
    await assert.rejects(refused.api.setConsent(true), (error) => {
      assert.ok(error instanceof WidgetApiError);
      assert.deepEqual([error.status, error.code], [401, "auth.required"]);
      return true;
    });
    const malformed = setup({ status: 200, body: { conversation: { id: "x" } } });
    await assert.rejects(malformed.api.startConversation(), { code: "response.invalid" });
    const offline = createWidgetApi({
      hubOrigin: "https://chat.example.net",
      parentOrigin: "https://shop.example.com",
      getToken: () => null,
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    await assert.rejects(offline.startConversation(), { status: 0, code: "network.failed" });
  });
});
