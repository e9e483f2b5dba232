/** Certificate numbering, validity and expiry: pure rules, no database. */
import { describe, expect, it } from "vitest";
import {
  addMonths,
  certificateStatus,
  isIsoDate,
  isPublicCode,
  nextSeq,
  normaliseCertificateNumber,
  normalisePattern,
  numberForFileName,
  renderCertificateNumber,
  seqInSeries,
  seriesLikePattern,
  validUntilFor,
} from "~/modules/certificates/certificates";

describe("certificate numbers", () => {
  const national = { level: "national" as const, year: 2025 };
  it("fills the round's pattern, padding the sequence to three digits", () => {
    expect(renderCertificateNumber("{seq}/GCN-{level}-{year}", 7, national)).toBe("007/GCN-QG-2025");
    expect(renderCertificateNumber("{seq}/GCN-{level}-{year}", 1234, national)).toBe("1234/GCN-QG-2025");
    expect(renderCertificateNumber("{seq}/GCN-SCT-{year}", 12, { level: "province", year: 2026 })).toBe("012/GCN-SCT-2026");
    expect(renderCertificateNumber("{seq}/GCN-{level}-{unit}-{year}", 3, { level: "province", year: 2026, unit: "24" })).toBe("003/GCN-TINH-24-2026");
  });
  it("uses a code per level", () => {
    const levels = ["commune", "district", "province", "region", "national"] as const;
    expect(levels.map((level) => renderCertificateNumber("{level}", 1, { level, year: 2025 }))).toEqual([
      "001/XA",
      "001/HUYEN",
      "001/TINH",
      "001/KV",
      "001/QG",
    ]);
  });
  it("a pattern without {seq} gets one in front (so numbers never repeat); an empty one is the default", () => {
    expect(normalisePattern("GCN-{year}")).toBe("{seq}/GCN-{year}");
    expect(normalisePattern("  ")).toBe("{seq}/GCN-{level}-{year}");
    expect(renderCertificateNumber("GCN-{year}", 2, national)).toBe("002/GCN-2025");
  });
  it("refuses a sequence below 1", () => {
    expect(() => renderCertificateNumber("{seq}", 0, national)).toThrow();
    expect(() => renderCertificateNumber("{seq}", 1.5, national)).toThrow();
  });
  it("reads the sequence back only from numbers of the same series", () => {
    const p = "{seq}/GCN-{level}-{year}";
    expect(seqInSeries("012/GCN-QG-2025", p, national)).toBe(12);
    expect(seqInSeries("1234/GCN-QG-2025", p, national)).toBe(1234);
    expect(seqInSeries("012/GCN-QG-2024", p, national)).toBeNull();
    expect(seqInSeries("012/GCN-TINH-2025", p, national)).toBeNull();
    expect(seqInSeries("x012/GCN-QG-2025", p, national)).toBeNull();
    // Regex characters in a pattern are taken literally.
    expect(seqInSeries("005.(GCN)+2025", "{seq}.(GCN)+{year}", national)).toBe(5);
    expect(seqInSeries("005a(GCN)+2025", "{seq}.(GCN)+{year}", national)).toBeNull();
  });
  it("continues after the highest number of the series, ignoring other series", () => {
    const p = "{seq}/GCN-{level}-{year}";
    expect(nextSeq([], p, national)).toBe(1);
    expect(nextSeq(["001/GCN-QG-2025", "009/GCN-QG-2025", "003/GCN-QG-2025", "050/GCN-QG-2024", "099/GCN-TINH-2025"], p, national)).toBe(10);
  });
  it("gives a LIKE pattern that escapes % and _", () => {
    expect(seriesLikePattern("{seq}/GCN-{level}-{year}", national)).toBe("%/GCN-QG-2025");
    expect(seriesLikePattern("{seq}_A%{year}", national)).toBe("%\\_A\\%2025");
  });
  it("normalises typed numbers and makes file names from them", () => {
    expect(normaliseCertificateNumber(" 001 / GCN-QG-2025 ")).toBe("001/GCN-QG-2025");
    expect(normaliseCertificateNumber("01/QĐ".normalize("NFD"))).toBe("01/QĐ");
    expect(numberForFileName("001/GCN-QG-2025")).toBe("001-GCN-QG-2025");
    expect(numberForFileName("01/QĐ-UBND")).toBe("01-QD-UBND");
    expect(numberForFileName("///")).toBe("giay-chung-nhan");
  });
  it("public codes are 16 base64url characters", () => {
    expect(isPublicCode("bcDn0hj0tXu254li")).toBe(true);
    expect(isPublicCode("bcDn0hj0tXu254l")).toBe(false);
    expect(isPublicCode("bcDn0hj0tXu254l/")).toBe(false);
    expect(isPublicCode("../../etc/passwd")).toBe(false);
    expect(isPublicCode(undefined)).toBe(false);
  });
});

describe("validity", () => {
  it("adds calendar months, keeping the day or the month's last day", () => {
    expect(addMonths("2025-12-08", 36)).toBe("2028-12-08");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2025-11-30", 3)).toBe("2026-02-28");
    expect(addMonths("2025-10-15", 0)).toBe("2025-10-15");
  });
  it("valid-until is the issue date plus the round's months, 36 by default", () => {
    expect(validUntilFor("2025-12-08", 36)).toBe("2028-12-08");
    expect(validUntilFor("2025-12-08", 24)).toBe("2027-12-08");
    expect(validUntilFor("2025-12-08", null)).toBe("2028-12-08");
    expect(validUntilFor("2025-12-08", 0)).toBe("2028-12-08");
  });
  it("checks real calendar dates", () => {
    expect(isIsoDate("2025-02-28")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-2-1")).toBe(false);
    expect(isIsoDate("hôm nay")).toBe(false);
    expect(() => addMonths("2025-13-01", 1)).toThrow();
  });
});

describe("status: valid, expired, revoked", () => {
  const cert = { revokedAt: null, validUntil: "2028-12-08" };
  it("is valid through its last day and expired from the next day", () => {
    expect(certificateStatus(cert, "2025-12-08")).toBe("valid");
    expect(certificateStatus(cert, "2028-12-08")).toBe("valid");
    expect(certificateStatus(cert, "2028-12-09")).toBe("expired");
    expect(certificateStatus(cert, "2031-01-01")).toBe("expired");
  });
  it("revocation wins over validity and expiry", () => {
    expect(certificateStatus({ ...cert, revokedAt: new Date("2026-03-01T00:00:00Z") }, "2026-03-02")).toBe("revoked");
    expect(certificateStatus({ ...cert, revokedAt: 1 }, "2030-01-01")).toBe("revoked");
  });
});
