import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isAppError } from "../errors/app-error";
import type { TPiiKind } from "../schemas/policy";
import { detectPii } from "./detect-pii";

/** `[[text, found values]]`: the values must be found, in order, as exactly those substrings. */
type TRuleTable = readonly (readonly [text: string, found: readonly string[]])[];

function assertFinds(kind: TPiiKind, table: TRuleTable): void {
  for (const [text, expected] of table) {
    const found = detectPii(text)
      .filter((match) => match.kind === kind)
      .map((match) => text.slice(match.start, match.end));
    assert.deepEqual(found, expected, `${kind} in ${JSON.stringify(text)}`);
  }
}

describe("detectPii rules", () => {
  it("finds e-mail addresses", () => {
    assertFinds("email", [
      ["write to ana.maria+chat@example.com today", ["ana.maria+chat@example.com"]],
      ["first-last@sub.example.co.uk.", ["first-last@sub.example.co.uk"]],
      ["IDN: jürgen@bücher.de and info@xn--bcher-kva.de", ["jürgen@bücher.de", "info@xn--bcher-kva.de"]],
      ["<USER_1%x@EXAMPLE.ORG>", ["USER_1%x@EXAMPLE.ORG"]],
      ["a@b@c.com", ["b@c.com"]],
      ["logo@2x.png react@18.2.0 user@localhost name@domain.c", []],
      ["john..doe@example.com john.@example.com x@-bad.com x@bad-.com x@a..com", []],
      [`${"a".repeat(65)}@example.com`, []],
    ]);
  });

  it("finds phone numbers of many countries, with or without the international prefix", () => {
    assertFinds("phone", [
      ["call +44 20 7946 0958 or (415) 555-2671", ["+44 20 7946 0958", "(415) 555-2671"]],
      ["+49 30 901820 / 030 901820 / 030/901820", ["+49 30 901820", "030 901820", "030/901820"]],
      ["portable 06 12 34 56 78", ["06 12 34 56 78"]],
      ["+81 3-1234-5678, 電話は03-1234-5678です", ["+81 3-1234-5678", "03-1234-5678"]],
      ["0044 20 7946 0958 and 011 44 20 7946 0958", ["0044 20 7946 0958", "011 44 20 7946 0958"]],
      ["+44 (0)20 7946 0958", ["+44 (0)20 7946 0958"]],
      ["415.555.2671 4155552671 1-617-253-1000", ["415.555.2671", "4155552671", "1-617-253-1000"]],
      ["ref 12 415 555 2671", ["415 555 2671"]],
      ["tel:+14155552671", ["+14155552671"]],
      ["(+44) 20 7946 0958, 415-555-2671x123", ["(+44) 20 7946 0958", "415-555-2671"]],
    ]);
  });

  it("does not take dates, versions, addresses or identifiers for phone numbers", () => {
    assertFinds("phone", [
      ["2026-11-24 24.11.2026 11/24/2026 10:30:45", []],
      ["1.2.3.4 v10.4.2 192.168.1.10 2001:db8::1", []],
      ["Order #4155552671, SN-4155552671, $4155552671, 4155552671.50", []],
      ["call 555-2671, 1 2 3 4 5 6 7 8 9 10", []],
      ["lottery 04 15 23 42 08 16", []],
      ["ISBN 978-3-16-148410-0, uuid 123e4567-e89b-12d3-a456-426614174000", []],
    ]);
  });

  it("finds Luhn-valid card numbers of known issuers, grouped or not", () => {
    assertFinds("card", [
      ["4111 1111 1111 1111", ["4111 1111 1111 1111"]],
      ["5105-1051-0510-5100 and 378282246310005", ["5105-1051-0510-5100", "378282246310005"]],
      ["amex 3782 822463 10005, diners 3056 930902 5904", ["3782 822463 10005", "3056 930902 5904"]],
      ["card 4111 1111 1111 1111 12/27", ["4111 1111 1111 1111"]],
      ["nbsp 4111\u00a01111\u00a01111\u00a01111", ["4111\u00a01111\u00a01111\u00a01111"]],
      ["4111 1111 1111 1112 (bad check digit)", []],
      ["1234 5678 9012 3452 (Luhn-valid, no issuer starts with 1)", []],
      ["4111 1111-1111 1111 (mixed separators)", []],
      ["INV-4111111111111111, 4111111111111111.00", []],
    ]);
  });

  it("finds IBANs with the right length and checksum", () => {
    assertFinds("iban", [
      ["DE89 3704 0044 0532 0130 00", ["DE89 3704 0044 0532 0130 00"]],
      ["GB29NWBK60161331926819.", ["GB29NWBK60161331926819"]],
      ["FR14 2004 1010 0505 0001 3M02 606 ok", ["FR14 2004 1010 0505 0001 3M02 606"]],
      ["lower de89 3704 0044 0532 0130 00", ["de89 3704 0044 0532 0130 00"]],
      ["DE88 3704 0044 0532 0130 00 (checksum)", []],
      ["DE89 3704 0044 0532 0130 0 (too short)", []],
      ["DE89 3704 0044 0532 0130 001 (too long)", []],
      ["XDE89370400440532013000 (inside a word)", []],
    ]);
  });

  it("finds US social security numbers that could have been issued", () => {
    assertFinds("ssn", [
      ["SSN 123-45-6789, SSN#219-09-9999", ["123-45-6789", "219-09-9999"]],
      ["078 05 1120", ["078 05 1120"]],
      ["my ssn is 219099999", ["219099999"]],
      ["reference 219099999", []],
      ["000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000", []],
      ["1234-56-7890 123-45-67890 A123-45-6789 123-45-6789-0", []],
    ]);
  });
});

describe("detectPii as a whole", () => {
  it("reports each piece of text once, under its most specific kind", () => {
    const text = "card 4111111111111111, iban DE89370400440532013000, mail 4155552671@example.com";
    assert.deepEqual(
      detectPii(text).map((match) => [match.kind, text.slice(match.start, match.end)]),
      [
        ["card", "4111111111111111"],
        ["iban", "DE89370400440532013000"],
        ["email", "4155552671@example.com"],
      ],
    );
  });

  it("lets each rule be switched off, leaving the others on", () => {
    const text = "a@example.com +44 20 7946 0958 4111 1111 1111 1111 DE89370400440532013000 123-45-6789";
    const kinds = (rules: Partial<Record<TPiiKind, boolean>>) =>
      detectPii(text, { rules }).map((match) => match.kind);
    assert.deepEqual(kinds({}), ["email", "phone", "card", "iban", "ssn"]);
    for (const off of ["email", "phone", "card", "iban", "ssn"] as const) {
      assert.deepEqual(
        kinds({ [off]: false }),
        ["email", "phone", "card", "iban", "ssn"].filter((kind) => kind !== off),
        `with ${off} off`,
      );
    }
    assert.deepEqual(kinds({ email: false, phone: false, card: false, iban: false, ssn: false }), []);
    assert.deepEqual(kinds({ card: true, ssn: true }), ["email", "phone", "card", "iban", "ssn"]);
  });

  it("does not report a switched-off kind's text as another kind", () => {
    const inAddress = "4155552671@example.com";
    assert.deepEqual(detectPii(inAddress, { rules: { email: false } }), []);
    assert.equal(detectPii(inAddress)[0]?.kind, "email");
    assert.deepEqual(detectPii("DE89370400440532013000", { rules: { iban: false } }), []);
  });

  it("refuses malformed options with request.invalid", () => {
    assert.throws(
      () => detectPii("x", { rules: { email: "no" } } as never),
      (error) => isAppError(error) && error.code === "request.invalid",
    );
  });

  it("returns sorted, disjoint spans inside the text for any mix of PII and noise", () => {
    const piece = fc.constantFrom(
      "a@example.com",
      "+44 20 7946 0958",
      "(415) 555-2671",
      "4111 1111 1111 1111",
      "DE89 3704 0044 0532 0130 00",
      "123-45-6789",
      " ",
      "-",
      ".",
      "@",
      "+",
      "(",
      "0",
      "12",
      "x",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        const matches = detectPii(text);
        let previousEnd = 0;
        for (const match of matches) {
          assert.ok(match.start >= previousEnd && match.start < match.end && match.end <= text.length);
          previousEnd = match.end;
        }
      }),
    );
  });
});
