import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import { anonymizeIp, applyIpPolicy } from "./anonymize-ip";

describe("anonymizeIp", () => {
  it("zeroes the last IPv4 octet and all but the first 48 bits of IPv6", () => {
    const table: readonly (readonly [ip: string, anonymized: string])[] = [
      ["203.0.113.77", "203.0.113.0"],
      ["10.0.0.255", "10.0.0.0"],
      ["0.0.0.0", "0.0.0.0"],
      ["2001:db8:abcd:1234::1", "2001:db8:abcd::"],
      ["2001:0DB8:ABCD:0012:0000:0000:0000:0001", "2001:db8:abcd::"],
      ["2001:db8::1", "2001:db8::"],
      ["2001:0:0:1::", "2001::"],
      ["0:0:abcd:1::", "0:0:abcd::"],
      ["::1", "::"],
      ["::", "::"],
      ["fe80::1ff:fe23:4567:890a%eth0", "fe80::"],
      ["64:ff9b::192.0.2.33", "64:ff9b::"],
      ["1:2:3:4:5:6:7:8", "1:2:3::"],
    ];
    for (const [ip, anonymized] of table) assert.equal(anonymizeIp(ip), anonymized, ip);
  });

  it("treats IPv4-mapped IPv6 addresses as IPv4", () => {
    assert.equal(anonymizeIp("::ffff:1.2.3.4"), "1.2.3.0");
    assert.equal(anonymizeIp("::FFFF:203.0.113.77"), "203.0.113.0");
    assert.equal(anonymizeIp("::ffff:c000:0280"), "192.0.2.0");
  });

  it("refuses anything else with request.invalid, without echoing the input", () => {
    for (const bad of [
      "",
      "1.2.3",
      "1.2.3.256",
      "01.2.3.4",
      " 1.2.3.4",
      "1:2:3:4:5:6:7:8:9",
      "a@example.com",
      "::g",
      "secret-token",
    ]) {
      assert.throws(
        () => anonymizeIp(bad),
        (error) =>
          isAppError(error) &&
          error.code === "request.invalid" &&
          (bad === "" || !error.message.includes(bad)),
        JSON.stringify(bad),
      );
    }
  });
});

describe("applyIpPolicy", () => {
  it("anonymizes under 'anonymize' and keeps nothing under 'none'", () => {
    assert.equal(applyIpPolicy("203.0.113.77", "anonymize"), "203.0.113.0");
    assert.equal(applyIpPolicy("2001:db8:abcd:1234::1", "anonymize"), "2001:db8:abcd::");
    assert.equal(applyIpPolicy("203.0.113.77", "none"), null);
    assert.equal(applyIpPolicy("not an ip", "none"), null);
  });
});
