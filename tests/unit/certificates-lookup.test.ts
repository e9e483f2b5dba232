/** The public lookup's pure parts: query parsing, FTS5 query building, open data CSV. */
import { describe, expect, it } from "vitest";
import { buildFtsQuery, lookupSearch, parseLookupParams, searchTokens } from "~/modules/lookup/lookup";
import { csvField, toCsv } from "~/modules/lookup/opendata";

describe("FTS5 query from what a person typed", () => {
  it("folds case, diacritics and đ like the index", () => {
    expect(buildFtsQuery("Bánh Tráng")).toBe('"banh" "trang"*');
    expect(buildFtsQuery("banh trang")).toBe('"banh" "trang"*');
    expect(buildFtsQuery("ĐỒ GỖ")).toBe('"do" "go"*');
    expect(buildFtsQuery("Bánh tráng".normalize("NFD"))).toBe('"banh" "trang"*');
  });
  it("turns operators, quotes and punctuation into plain words", () => {
    expect(buildFtsQuery('"banh" OR trang')).toBe('"banh" "or" "trang"*');
    expect(buildFtsQuery("NEAR(banh trang, 2)")).toBe('"near" "banh" "trang" "2"*');
    expect(buildFtsQuery("product:banh* -gom ^x AND (y)")).toBe('"product" "banh" "gom" "x" "and" "y"*');
    expect(buildFtsQuery("bánh'; drop table certificates; --")).toBe('"banh" "drop" "table" "certificates"*');
  });
  it("returns null when nothing searchable is left", () => {
    for (const q of ["", "   ", '"""', "***", "😀🎉", "()^-:", "\u0000\u0001"]) expect(buildFtsQuery(q)).toBeNull();
  });
  it("keeps at most 8 words of at most 40 characters from a very long text", () => {
    const long = "bánh ".repeat(2000) + "a".repeat(10_000);
    const tokens = searchTokens(long);
    expect(tokens.length).toBeLessThanOrEqual(8);
    expect(tokens.every((t) => t.length <= 40)).toBe(true);
    expect(buildFtsQuery("a".repeat(10_000))).toBe(`"${"a".repeat(40)}"*`);
  });
  it("keeps letters of other scripts and digits", () => {
    expect(buildFtsQuery("茶 2025")).toBe('"茶" "2025"*');
  });
});

describe("lookup query string", () => {
  it("reads filters and ignores malformed values", () => {
    const f = parseLookupParams(new URLSearchParams("q=  gốm   Phù Lãng &cap=national&nam=2025&tinh=24&nhom=1&hieu-luc=1&trang=3"));
    expect(f).toEqual({ q: "gốm Phù Lãng", level: "national", year: 2025, provinceId: 24, groupId: 1, valid: true, page: 3 });
    const bad = parseLookupParams(new URLSearchParams("cap=planet&nam=abc&tinh=-1&nhom=1e3&trang=0&hieu-luc=maybe"));
    expect(bad).toEqual({ q: "", level: null, year: null, provinceId: null, groupId: null, valid: false, page: 1 });
    expect(parseLookupParams(new URLSearchParams("trang=999999")).page).toBe(1);
  });
  it("cuts very long search text", () => {
    expect(parseLookupParams(new URLSearchParams({ q: "x".repeat(10_000) })).q.length).toBe(200);
  });
  it("writes back only what is set", () => {
    expect(lookupSearch({ q: "gốm", level: "national", page: 2 })).toBe("?q=g%E1%BB%91m&cap=national&trang=2");
    expect(lookupSearch({ q: "", page: 1 })).toBe("");
  });
});

describe("open data CSV", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    expect(csvField("Bánh tráng")).toBe("Bánh tráng");
    expect(csvField('Gốm "Phù Lãng", Bắc Ninh')).toBe('"Gốm ""Phù Lãng"", Bắc Ninh"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("+84 912")).toBe("'+84 912");
    expect(csvField(null)).toBe("");
    expect(csvField(2025)).toBe("2025");
  });
  it("starts with a BOM and a header row, lines end with CRLF", () => {
    const csv = toCsv([{ so_chung_nhan: "001/GCN-QG-2025", san_pham: "Nón lá" }]);
    expect(csv.startsWith("\uFEFFso_chung_nhan,san_pham,")).toBe(true);
    expect(csv.split("\r\n")[1]!.startsWith("001/GCN-QG-2025,Nón lá,")).toBe(true);
  });
});
