/**
 * The contract of the open API (/api/v1): every query and every answer as a zod schema. The routes
 * parse their answers with these schemas before sending them, and the OpenAPI document
 * (openapi.server.ts) is generated from the very same schemas, so the two cannot drift apart.
 * Field names are stable English; the CSV open data keeps its Vietnamese headers.
 * See docs/decisions/0020-open-api.md.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/* ------------------------------------------------------------------ */
/* Shared pieces                                                       */
/* ------------------------------------------------------------------ */

const LEVELS = ["commune", "district", "province", "region", "national"] as const;
export const Level = z.enum(LEVELS).openapi("Level", { description: "Cấp bình chọn: xã, huyện (trước 2025), tỉnh, khu vực, quốc gia." });
export const CertificateStatus = z
  .enum(["valid", "expired", "revoked"])
  .openapi("CertificateStatus", { description: "valid: còn hiệu lực; expired: hết hiệu lực; revoked: đã thu hồi." });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: "date", example: "2025-12-08" });
const IsoDateTime = z.string().datetime().openapi({ example: "2025-12-10T03:00:00.000Z" });
const Id = z.number().int().positive();

export const ErrorCode = z.enum(["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "rate_limited", "internal"]).openapi("ErrorCode");
export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string().openapi({ description: "Lời giải thích bằng tiếng Việt.", example: "Tham số không hợp lệ: pageSize tối đa 100." }),
    }),
  })
  .openapi("Error");

/** A query-string integer: digits only, within bounds. */
function intParam(min: number, max: number, description: string) {
  return z
    .string()
    .regex(/^\d{1,10}$/, "phải là số nguyên dương")
    .transform(Number)
    .pipe(z.number().int().min(min, `tối thiểu ${min}`).max(max, `tối đa ${max}`))
    .openapi({ type: "integer", minimum: min, maximum: max, description });
}

const PageQuery = {
  page: intParam(1, 10_000, "Trang, từ 1 (mặc định 1).").optional(),
  pageSize: intParam(1, MAX_PAGE_SIZE, `Số mục mỗi trang (mặc định ${DEFAULT_PAGE_SIZE}, tối đa ${MAX_PAGE_SIZE}).`).optional(),
};

function paged<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      page: z.number().int().min(1),
      pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
      total: z.number().int().min(0).openapi({ description: "Tổng số mục khớp điều kiện (mọi trang)." }),
    })
    .openapi(name);
}

const BooleanParam = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .openapi({ type: "boolean", description: "true/false (hoặc 1/0)." });

/* ------------------------------------------------------------------ */
/* Products                                                            */
/* ------------------------------------------------------------------ */

export const ProductsQuery = z
  .object({
    q: z.string().max(200, "tối đa 200 ký tự").optional().openapi({ description: "Tìm theo tên sản phẩm, cơ sở, số giấy chứng nhận (không phân biệt hoa thường, dấu; đ = d).", example: "gốm" }),
    level: Level.optional(),
    year: intParam(1990, 2200, "Năm công nhận.").optional(),
    provinceId: intParam(1, 10_000_000, "Mã (id) tỉnh, thành phố: xem /api/v1/units.").optional(),
    groupId: intParam(1, 1000, "Nhóm sản phẩm (1–4).").optional(),
    valid: BooleanParam.optional().openapi({ description: "true: chỉ giấy chứng nhận còn hiệu lực." }),
    ...PageQuery,
  })
  .strict();

export const Recognition = z
  .object({
    certificateId: Id,
    certificateNumber: z.string().openapi({ example: "001/GCN-QG-2025" }),
    level: Level,
    year: z.number().int(),
    issuedOn: IsoDate,
    validUntil: IsoDate,
    status: CertificateStatus,
    roundId: Id,
  })
  .openapi("Recognition");

export const ProductSummary = z
  .object({
    id: Id,
    name: z.string(),
    producerName: z.string(),
    province: z.string().nullable(),
    productGroup: z.string(),
    recognitions: z.array(Recognition),
    url: z.string().url().openapi({ description: "Trang công khai của sản phẩm." }),
  })
  .openapi("ProductSummary");

export const ProductList = paged(ProductSummary, "ProductList");

export const ProductDetail = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    isSet: z.boolean(),
    producerName: z.string(),
    producerAddress: z.string(),
    province: z.string().nullable(),
    productGroup: z.string(),
    photos: z.array(z.object({ id: Id, caption: z.string().nullable(), url: z.string().url() })),
    recognitions: z.array(
      Recognition.extend({
        roundTitle: z.string(),
        revokedOn: IsoDate.nullable(),
      }),
    ),
    url: z.string().url(),
  })
  .openapi("ProductDetail");

export const IdParams = z.object({ id: z.string().regex(/^\d{1,12}$/).openapi({ description: "Mã (id) số.", example: "12" }) });

/* ------------------------------------------------------------------ */
/* Verification                                                        */
/* ------------------------------------------------------------------ */

export const VerifyQuery = z
  .object({
    number: z.string().min(1).max(100).optional().openapi({ description: "Số giấy chứng nhận, như in trên giấy.", example: "001/GCN-QG-2025" }),
    code: z.string().regex(/^[A-Za-z0-9_-]{16}$/, "mã xác thực gồm 16 ký tự").optional().openapi({ description: "Mã xác thực in trong mã QR (16 ký tự)." }),
  })
  .strict();

export const Verification = z
  .object({
    certificateNumber: z.string(),
    status: CertificateStatus,
    productName: z.string(),
    producerName: z.string(),
    producerAddress: z.string(),
    productGroup: z.string(),
    level: Level,
    year: z.number().int(),
    issuedOn: IsoDate,
    validUntil: IsoDate,
    revokedOn: IsoDate.nullable(),
    revokeReason: z.string().nullable(),
    decision: z.object({ number: z.string(), signedOn: IsoDate, signerName: z.string(), signerTitle: z.string(), issuer: z.string() }),
    productId: Id,
    productUrl: z.string().url(),
  })
  .openapi("Verification");

/* ------------------------------------------------------------------ */
/* Published rounds                                                    */
/* ------------------------------------------------------------------ */

export const RoundsQuery = z
  .object({
    level: Level.optional(),
    year: intParam(1990, 2200, "Năm của kỳ bình chọn.").optional(),
    ...PageQuery,
  })
  .strict();

export const PublishedRound = z
  .object({
    id: Id,
    title: z.string(),
    level: Level,
    year: z.number().int(),
    organizer: z.string(),
    unit: z.string().nullable().openapi({ description: "Địa bàn (tỉnh, xã…); null với cấp khu vực, quốc gia." }),
    publishedAt: IsoDateTime.nullable(),
    url: z.string().url(),
  })
  .openapi("PublishedRound");

export const RoundList = paged(PublishedRound, "PublishedRoundList");

export const RoundResults = z
  .object({
    round: PublishedRound,
    decisions: z.array(z.object({ number: z.string(), signedOn: IsoDate, signerName: z.string(), signerTitle: z.string(), issuer: z.string() })),
    results: z.array(
      z.object({
        productId: Id,
        productName: z.string(),
        producerName: z.string(),
        province: z.string().nullable(),
        productGroup: z.string(),
        productGroupId: Id,
        certificateId: Id.nullable().openapi({ description: "null khi đã công nhận nhưng chưa cấp giấy chứng nhận." }),
        certificateNumber: z.string().nullable(),
        validUntil: IsoDate.nullable(),
        status: CertificateStatus.nullable(),
      }),
    ),
  })
  .openapi("RoundResults");

/* ------------------------------------------------------------------ */
/* Administrative units                                                */
/* ------------------------------------------------------------------ */

export const UnitsQuery = z
  .object({
    parentId: intParam(1, 10_000_000, "Đơn vị cha: không có thì trả về các tỉnh, thành phố.").optional(),
    date: IsoDate.optional().openapi({ description: "Các đơn vị có hiệu lực vào ngày này (mặc định hôm nay, giờ Việt Nam)." }),
  })
  .strict();

export const Unit = z
  .object({
    id: Id,
    code: z.string().openapi({ description: "Mã đơn vị hành chính." }),
    name: z.string(),
    kind: z.string().openapi({ example: "Tỉnh" }),
    level: z.enum(["province", "district", "commune"]),
    parentId: Id.nullable(),
    regionCode: z.string().nullable(),
    validFrom: IsoDate,
    validTo: IsoDate.nullable(),
  })
  .openapi("Unit");

export const UnitList = z.object({ date: IsoDate, parentId: Id.nullable(), items: z.array(Unit) }).openapi("UnitList");

/* ------------------------------------------------------------------ */
/* Organizer endpoints (Bearer token)                                  */
/* ------------------------------------------------------------------ */

const ROUND_STATUSES = ["draft", "open", "intake_closed", "scoring", "results_review", "published", "archived"] as const;
const ENTRY_STATUSES = ["draft", "nominated", "submitted", "needs_completion", "accepted", "rejected", "withdrawn", "scored", "recognised", "not_recognised"] as const;

export const OrganizerRound = z
  .object({
    id: Id,
    title: z.string(),
    level: Level,
    year: z.number().int(),
    status: z.enum(ROUND_STATUSES),
    organizer: z.string(),
    registrationOpensOn: IsoDate.nullable(),
    registrationClosesOn: IsoDate.nullable(),
    announcementOn: IsoDate.nullable(),
    entryCount: z.number().int().min(0).openapi({ description: "Hồ sơ đã nộp (không tính bản nháp, đã rút)." }),
  })
  .openapi("OrganizerRound");

export const OrganizerRoundList = z.object({ items: z.array(OrganizerRound) }).openapi("OrganizerRoundList");

export const EntriesQuery = z
  .object({
    status: z
      .enum(["nominated", "submitted", "needs_completion", "accepted", "rejected", "withdrawn", "scored", "recognised", "not_recognised"])
      .optional()
      .openapi({ description: "Chỉ hồ sơ ở trạng thái này (bản nháp của cơ sở không bao giờ được trả về)." }),
    ...PageQuery,
  })
  .strict();

export const OrganizerEntry = z
  .object({
    id: Id,
    dossierNo: z.string().nullable(),
    votingCode: z.string().nullable(),
    status: z.enum(ENTRY_STATUSES),
    submittedAt: IsoDateTime.nullable(),
    answerBy: IsoDate.nullable(),
    overdue: z.boolean(),
    productName: z.string(),
    productGroupId: Id,
    productGroup: z.string(),
    producerName: z.string(),
    place: z.string().openapi({ description: "Địa bàn của cơ sở: xã, tỉnh." }),
  })
  .openapi("OrganizerEntry");

export const OrganizerEntryList = paged(OrganizerEntry, "OrganizerEntryList");

export const ResultsQuery = z
  .object({ stage: intParam(1, 2, "Vòng chấm (1 hoặc 2; mặc định 1).").optional() })
  .strict();

export const OrganizerResults = z
  .object({
    round: z.object({
      id: Id,
      title: z.string(),
      status: z.enum(ROUND_STATUSES),
      stage: z.number().int(),
      closedAt: IsoDateTime.nullable(),
      passMarkTenths: z.number().int().openapi({ description: "Điểm đạt, tính bằng phần mười điểm (700 = 70 điểm)." }),
    }),
    counts: z.object({
      entries: z.number().int(),
      scored: z.number().int(),
      passed: z.number().int(),
      recommended: z.number().int(),
      recognised: z.number().int(),
      notRecognised: z.number().int(),
      pending: z.number().int(),
    }),
    items: z.array(
      z.object({
        entryId: Id,
        dossierNo: z.string().nullable(),
        votingCode: z.string().nullable(),
        productName: z.string(),
        productGroupId: Id,
        productGroup: z.string(),
        producerName: z.string(),
        commune: z.string(),
        province: z.string(),
        judgesCount: z.number().int(),
        meanHundredths: z.number().int().nullable().openapi({ description: "Điểm trung bình, tính bằng phần trăm điểm (7003 = 70,03)." }),
        mean: z.string().nullable().openapi({ description: "Điểm trung bình dạng thập phân, dấu chấm.", example: "70.03" }),
        rank: z.number().int().nullable(),
        rankInGroup: z.number().int().nullable(),
        passed: z.boolean(),
        recommended: z.boolean(),
        verdict: z.enum(["recognised", "not_recognised", "pending"]),
        votes: z
          .object({ for: z.number().int().nullable(), against: z.number().int().nullable(), abstain: z.number().int().nullable() })
          .nullable(),
      }),
    ),
  })
  .openapi("OrganizerResults");

/* ------------------------------------------------------------------ */
/* Query parsing                                                       */
/* ------------------------------------------------------------------ */

/** Query-string values as an object (empty values left out; a repeated name is an error). */
export function queryObject(url: URL): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k in out) return { ok: false, message: `Tham số "${k.slice(0, 40)}" xuất hiện nhiều lần.` };
    if (v.trim() !== "") out[k] = v.trim();
  }
  return { ok: true, value: out };
}

/** The first problem of a failed parse, in Vietnamese. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Tham số không hợp lệ.";
  if (issue.code === "unrecognized_keys") return `Tham số không được hỗ trợ: ${issue.keys.map((k) => k.slice(0, 40)).join(", ")}.`;
  const name = issue.path.join(".") || "truy vấn";
  if (issue.code === "invalid_enum_value") return `Tham số ${name} không hợp lệ: chỉ nhận ${issue.options.join(", ")}.`;
  return `Tham số ${name} không hợp lệ: ${issue.message}.`;
}
