import { describe, expect, it } from "vitest";
import { DOCUMENT_TYPES } from "~db/reference/catalog";
import { sniff } from "~/lib/filetype";
import { addWorkingDays, isWorkingDay, workingDaysBetween } from "~/lib/workdays";
import { dossierSlots, editableSlots, missingItems } from "~/modules/dossier/dossier";
import { canTransition } from "~/modules/entries/status";
import { registrationNoValid } from "~/modules/producers/producers";

const types = DOCUMENT_TYPES.map((d, i) => ({ ...d, position: i + 1 }));
const noHolidays = new Set<string>();
const tet2027 = new Set(["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"]);

describe("working-day deadlines", () => {
  it("skips the weekend: received Friday, answer by Wednesday", () => {
    expect(addWorkingDays("2026-11-20", 3, noHolidays)).toBe("2026-11-25");
  });
  it("received on a Saturday counts from Monday", () => {
    expect(addWorkingDays("2026-11-21", 3, noHolidays)).toBe("2026-11-25");
  });
  it("received Monday: Thursday", () => {
    expect(addWorkingDays("2026-11-23", 3, noHolidays)).toBe("2026-11-26");
  });
  it("skips public holidays (Tết 2027)", () => {
    // Thu 4 Feb: Fri 5 and Mon 8 - Thu 11 are holidays, Sat/Sun weekend → Fri 12, Mon 15, Tue 16.
    expect(addWorkingDays("2027-02-04", 3, tet2027)).toBe("2027-02-16");
  });
  it("zero days is the same day; negative is refused", () => {
    expect(addWorkingDays("2026-11-23", 0, noHolidays)).toBe("2026-11-23");
    expect(() => addWorkingDays("2026-11-23", -1, noHolidays)).toThrow();
  });
  it("counts working days between dates, for overdue flags", () => {
    expect(workingDaysBetween("2026-11-20", "2026-11-25", noHolidays)).toBe(3);
    expect(workingDaysBetween("2026-11-25", "2026-11-20", noHolidays)).toBe(-3);
    expect(isWorkingDay("2026-11-22", noHolidays)).toBe(false);
  });
});

describe("dossier slots per level and product group", () => {
  const lowest = { level: "commune" as const, requiresLevel: null, requiredDocumentTypes: null };
  const national = { level: "national" as const, requiresLevel: "region" as const, requiredDocumentTypes: null };

  it("at the lowest level: no lower-level documents; food safety only expected for group 2", () => {
    const g1 = dossierSlots(types, lowest, 1);
    expect(g1.map((s) => s.code)).not.toContain("lower_decision");
    expect(g1.find((s) => s.code === "food_safety_certificate")!.required).toBe(false);
    const g2 = dossierSlots(types, lowest, 2);
    expect(g2.find((s) => s.code === "food_safety_certificate")!.required).toBe(true);
    expect(g2.find((s) => s.code === "product_photos")!.minFiles).toBe(3);
  });
  it("at higher levels the lower decision and certificate are required", () => {
    const s = dossierSlots(types, national, 3);
    expect(s.find((x) => x.code === "lower_decision")!.required).toBe(true);
    expect(s.find((x) => x.code === "lower_certificate")!.required).toBe(true);
  });
  it("a round's own list of required types wins", () => {
    const s = dossierSlots(types, { ...lowest, requiredDocumentTypes: ["registration_form", "product_photos"] }, 2);
    expect(s.filter((x) => x.required).map((x) => x.code)).toEqual(["registration_form", "product_photos"]);
  });
  it("lists what is missing, with counts for photos", () => {
    const slots = dossierSlots(types, lowest, 1);
    const missing = missingItems(slots, { registration_form: 1, product_photos: 2 });
    expect(missing.map((m) => m.code)).toEqual(["business_registration", "product_description", "product_photos"]);
    expect(missing.find((m) => m.code === "product_photos")!.message).toBe("Ảnh màu sản phẩm: cần ít nhất 3 tệp, mới có 2.");
    expect(missingItems(slots, { registration_form: 1, business_registration: 1, product_description: 1, product_photos: 3 })).toEqual([]);
  });
  it("only the slots named in a request to complete are editable", () => {
    const slots = dossierSlots(types, lowest, 1);
    expect(editableSlots("draft", slots, null).size).toBe(slots.length);
    expect([...editableSlots("needs_completion", slots, ["product_photos"])]).toEqual(["product_photos"]);
    expect(editableSlots("submitted", slots, null).size).toBe(0);
    expect(editableSlots("accepted", slots, ["product_photos"]).size).toBe(0);
  });
});

describe("entry status transitions", () => {
  it("follows the table", () => {
    expect(canTransition("draft", "submitted", "producer")).toBe(true);
    expect(canTransition("submitted", "accepted", "organizer")).toBe(true);
    expect(canTransition("submitted", "accepted", "producer")).toBe(false);
    expect(canTransition("needs_completion", "submitted", "producer")).toBe(true);
    expect(canTransition("accepted", "submitted", "producer")).toBe(false);
    expect(canTransition("rejected", "accepted", "organizer")).toBe(false);
    expect(canTransition("scored", "withdrawn", "producer")).toBe(false);
    expect(canTransition("scored", "recognised", "council")).toBe(true);
  });
});

describe("file types come from the bytes", () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(16).fill(0)]);
  it("recognises PDF, JPEG, PNG and WebP", () => {
    expect(sniff(new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n"))?.mime).toBe("application/pdf");
    expect(sniff(bytes(0xff, 0xd8, 0xff, 0xe0))?.mime).toBe("image/jpeg");
    expect(sniff(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))?.mime).toBe("image/png");
    expect(sniff(new TextEncoder().encode("RIFF\x10\x00\x00\x00WEBPVP8 "))?.mime).toBe("image/webp");
  });
  it("refuses an executable whatever its name", () => {
    expect(sniff(bytes(0x4d, 0x5a, 0x90, 0x00))).toBeNull();
    expect(sniff(new TextEncoder().encode("<html><script>"))).toBeNull();
  });
});

describe("registration numbers", () => {
  it("accepts 10 and 13-digit codes for enterprises and cooperatives", () => {
    expect(registrationNoValid("sme", "0101234567")).toBe(true);
    expect(registrationNoValid("cooperative", "0101234567-001")).toBe(true);
    expect(registrationNoValid("sme", "0101234567001")).toBe(true);
    expect(registrationNoValid("sme", "12345")).toBe(false);
    expect(registrationNoValid("sme", "27A8012345")).toBe(false);
  });
  it("accepts household-business certificate numbers and 12-digit ids for households", () => {
    expect(registrationNoValid("household", "27A8012345")).toBe(true);
    expect(registrationNoValid("household", "001203004567")).toBe(true);
    expect(registrationNoValid("household", "ABC")).toBe(false);
  });
});
